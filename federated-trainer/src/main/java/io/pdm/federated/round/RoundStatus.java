package io.pdm.federated.round;

/** OPEN accepts deltas; the others are final. FAILED rounds (below quorum) are retried as a new round. */
public enum RoundStatus { OPEN, PUBLISHED, FAILED, ABORTED }
