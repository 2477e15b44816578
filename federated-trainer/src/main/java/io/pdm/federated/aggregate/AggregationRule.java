package io.pdm.federated.aggregate;

import java.util.List;

/**
 * How the server combines one round's client deltas into a single delta. The robust rules (trimmed mean,
 * median, Krum) tolerate a minority of arbitrarily bad ("Byzantine") clients; FedAvg does not.
 */
public sealed interface AggregationRule permits FedAvg, TrimmedMean, CoordinateMedian, Krum, NormBoundedMean,
        FilteredMean {

    /** Aggregates updates that all have the same dimension; throws {@link IllegalArgumentException} otherwise. */
    AggregationResult aggregate(List<ClientUpdate> updates);
}
