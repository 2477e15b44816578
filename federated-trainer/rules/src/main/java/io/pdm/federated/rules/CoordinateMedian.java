package io.pdm.federated.rules;

import java.util.List;

/**
 * Coordinate-wise median: the trimmed mean that keeps only the middle value (odd n) or the mean of the two
 * middle values (even n).
 */
public record CoordinateMedian() implements AggregationRule {

    @Override
    public AggregationResult aggregate(List<ClientUpdate> updates) {
        return CoordinateTrim.aggregate(updates, (updates.size() - 1) / 2);
    }
}
