package io.pdm.inference.policy;

/** Why an alert candidate exists; part of its fingerprint. */
public enum AlertKind {
    /** Predicted remaining life below the asset type's threshold. */
    REMAINING_LIFE_LOW,
    /** The predicted health stage left HEALTHY (DEGRADING or CRITICAL). */
    HEALTH_STAGE,
    /** A channel past an absolute limit of its type (condition watch). */
    CONDITION_LIMIT,
    /** A channel changed against its own learned baseline (condition watch). */
    CONDITION_CHANGE
}
