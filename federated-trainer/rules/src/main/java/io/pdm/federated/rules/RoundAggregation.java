package io.pdm.federated.rules;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One round's aggregation, fed one accepted delta at a time so that no list of every delta is ever held. FedAvg
 * folds each delta into a running weighted sum as it arrives ({@link StreamingMean}); every other rule needs all
 * deltas, so they are spilled to the round's directory block-wise ({@link SpilledDeltas}) and the rule runs block
 * by block ({@link BlockedRules}). The server optimisers act on the aggregated delta afterwards, so they need
 * nothing per plant.
 */
public interface RoundAggregation extends AutoCloseable {

    /** Takes one plant's delta (flattened in tensor-name order); refuses a second delta of the same plant. */
    void add(String plant, float[] delta, long exampleCount) throws IOException;

    int count();

    /** The rule's result over everything added; {@code reference} as for {@link AggregationRule#aggregate(java.util.List, float[])}. */
    AggregationResult aggregate(float[] reference);

    /** Frees the running state and deletes the round's spill, if any. */
    @Override
    void close() throws IOException;

    /**
     * @param spoolDirectory the round's own directory, used only by rules that need every delta
     * @param expectedPlants how many plants may contribute, which sizes the spill's blocks
     */
    static RoundAggregation start(AggregationRule rule, int dimension, Path spoolDirectory, int expectedPlants)
            throws IOException {
        if (rule instanceof FedAvg) {
            return new StreamingMean(dimension);
        }
        SpilledDeltas spill = SpilledDeltas.create(spoolDirectory, dimension, expectedPlants);
        return new RoundAggregation() {
            @Override
            public void add(String plant, float[] delta, long exampleCount) throws IOException {
                spill.add(plant, delta, exampleCount);
            }

            @Override
            public int count() {
                return spill.count();
            }

            @Override
            public AggregationResult aggregate(float[] reference) {
                return BlockedRules.aggregate(rule, spill, reference);
            }

            @Override
            public void close() throws IOException {
                spill.close();
            }
        };
    }
}
