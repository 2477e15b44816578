package io.pdm.federated.protocol;

/**
 * How the aggregator sees the plants' deltas. PLAIN: each delta individually, so robust rules and per-delta
 * validation apply. SECURE: only the sum of masked deltas (secure aggregation), so only a weighted mean is
 * possible and a poisoned delta cannot be singled out: the trade-off the architecture documents.
 */
public enum AggregationMode {
    PLAIN,
    SECURE
}
