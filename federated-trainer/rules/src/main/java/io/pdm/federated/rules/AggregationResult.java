package io.pdm.federated.rules;

import java.util.Objects;

/** The aggregated delta of one round and how each client was treated. The delta is copied in and out. */
public record AggregationResult(float[] delta, AggregationReport report) {

    public AggregationResult {
        Objects.requireNonNull(report, "report");
        delta = delta.clone();
    }

    @Override
    public float[] delta() {
        return delta.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AggregationResult that
                && java.util.Arrays.equals(delta, that.delta)
                && report.equals(that.report);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(delta) + report.hashCode();
    }

    @Override
    public String toString() {
        return "AggregationResult[dimension=" + delta.length + ", report=" + report + "]";
    }
}
