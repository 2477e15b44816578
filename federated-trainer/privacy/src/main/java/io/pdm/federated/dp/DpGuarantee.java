package io.pdm.federated.dp;

/** An (ε, δ)-DP guarantee and the Rényi order α at which the conversion was tightest. */
public record DpGuarantee(double epsilon, double delta, double optimalOrder) {}
