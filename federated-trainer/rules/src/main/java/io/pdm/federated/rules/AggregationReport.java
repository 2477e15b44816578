package io.pdm.federated.rules;

import java.util.List;
import java.util.Map;

/** What a rule did with each plant's update, for audit logs and for spotting misbehaving plants. */
public sealed interface AggregationReport {

    /** Plants whose update the rule left out of the result entirely (not those it merely trimmed or scaled). */
    default List<String> excludedPlants() {
        return List.of();
    }

    /** FedAvg: every plant contributed with this normalised weight (weights sum to 1). */
    record WeightedMean(Map<String, Double> weightByPlant) implements AggregationReport {
        public WeightedMean {
            weightByPlant = Map.copyOf(weightByPlant);
        }
    }

    /**
     * Trimmed mean and median: at every coordinate the {@code trimmedPerSide} smallest and largest values were
     * dropped; {@code trimmedCoordinatesByPlant} counts, per plant, at how many of the {@code dimension}
     * coordinates its value was dropped. A plant trimmed almost everywhere is an outlier.
     */
    record CoordinateTrim(int trimmedPerSide, long dimension, Map<String, Long> trimmedCoordinatesByPlant)
            implements AggregationReport {
        public CoordinateTrim {
            trimmedCoordinatesByPlant = Map.copyOf(trimmedCoordinatesByPlant);
        }
    }

    /**
     * Krum / Multi-Krum: each plant's score (sum of squared distances to its nearest neighbours; lower is more
     * central), the plants whose updates were averaged and those rejected.
     */
    record KrumSelection(Map<String, Double> scoreByPlant, List<String> selectedPlants, List<String> rejectedPlants)
            implements AggregationReport {
        public KrumSelection {
            scoreByPlant = Map.copyOf(scoreByPlant);
            selectedPlants = List.copyOf(selectedPlants);
            rejectedPlants = List.copyOf(rejectedPlants);
        }

        @Override
        public List<String> excludedPlants() {
            return rejectedPlants;
        }
    }

    /**
     * Norm-bounded mean: every delta was scaled by {@code scaleByPlant} (1 when its L2 norm was within
     * {@code bound}, else bound / norm) before the example-weighted mean. A plant scaled far below 1 sent an
     * unusually large update.
     */
    record NormBounded(double bound, Map<String, Double> scaleByPlant, Map<String, Double> weightByPlant)
            implements AggregationReport {
        public NormBounded {
            scaleByPlant = Map.copyOf(scaleByPlant);
            weightByPlant = Map.copyOf(weightByPlant);
        }
    }

    /**
     * Filtered mean: each plant's norm as a multiple of the round's median norm, the cosine with the median of the
     * updates that passed the norm test (absent for those that did not), the plants left out by either test, and
     * the norm-bounded mean of the rest.
     */
    record Filtered(
            Map<String, Double> normRatioByPlant,
            Map<String, Double> cosineByPlant,
            List<String> rejectedPlants,
            NormBounded bounded)
            implements AggregationReport {
        public Filtered {
            normRatioByPlant = Map.copyOf(normRatioByPlant);
            cosineByPlant = Map.copyOf(cosineByPlant);
            rejectedPlants = List.copyOf(rejectedPlants);
        }

        @Override
        public List<String> excludedPlants() {
            return rejectedPlants;
        }
    }

    /**
     * FLTrust: each plant's trust score (its cosine with the aggregator's reference update, negative values set to 0),
     * the plants with score 0 (left out), and the reference's norm, to which every counted update was rescaled.
     */
    record Trusted(Map<String, Double> trustByPlant, List<String> rejectedPlants, double referenceNorm)
            implements AggregationReport {
        public Trusted {
            trustByPlant = Map.copyOf(trustByPlant);
            rejectedPlants = List.copyOf(rejectedPlants);
        }

        @Override
        public List<String> excludedPlants() {
            return rejectedPlants;
        }
    }
}
