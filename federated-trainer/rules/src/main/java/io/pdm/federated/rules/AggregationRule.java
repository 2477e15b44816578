package io.pdm.federated.rules;

import java.util.List;

/**
 * How the server combines one round's client deltas into a single delta. The robust rules (trimmed mean,
 * median, Krum) tolerate a minority of arbitrarily bad ("Byzantine") clients; FedAvg does not.
 */
public interface AggregationRule {

    /** Aggregates updates that all have the same dimension; throws {@link IllegalArgumentException} otherwise. */
    AggregationResult aggregate(List<ClientUpdate> updates);

    /** Whether the rule needs the aggregator's own reference update ({@link #aggregate(List, float[])}). */
    default boolean needsReference() {
        return false;
    }

    /**
     * Aggregates with a reference update the aggregator computed itself on data it trusts, for rules that use one;
     * the others ignore it.
     */
    default AggregationResult aggregate(List<ClientUpdate> updates, float[] reference) {
        return aggregate(updates);
    }
}
