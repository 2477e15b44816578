package io.pdm.federated.protocol;

/** 202 answer to an accepted delta upload. */
public record DeltaReceipt(long round, String plant, String nonce) {}
