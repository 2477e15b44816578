package io.pdm.federated.aggregator.round;

/** OPEN accepts deltas; the others are final. FAILED rounds (below quorum) are retried as a new round. */
public enum RoundStatus {
    OPEN,
    PUBLISHED,
    FAILED,
    ABORTED
}
