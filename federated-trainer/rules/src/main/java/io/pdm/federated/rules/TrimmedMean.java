package io.pdm.federated.rules;

import java.util.List;

/**
 * Coordinate-wise trimmed mean (Yin et al. 2018): per coordinate, drop the ⌊β·n⌋ smallest and ⌊β·n⌋ largest
 * values and average the rest. Tolerates up to ⌊β·n⌋ Byzantine clients.
 *
 * @param trimFraction β in [0, 0.5)
 */
public record TrimmedMean(double trimFraction) implements AggregationRule {

    public TrimmedMean {
        if (!(trimFraction >= 0 && trimFraction < 0.5)) {
            throw new IllegalArgumentException("trimFraction must be in [0, 0.5), was " + trimFraction);
        }
    }

    @Override
    public AggregationResult aggregate(List<ClientUpdate> updates) {
        return CoordinateTrim.aggregate(updates, (int) Math.floor(trimFraction * updates.size()));
    }
}
