package io.pdm.federated.rules;

import java.util.Arrays;
import java.util.List;

/**
 * A round's deltas read coordinate block by coordinate block, so that a rule needing every delta
 * ({@link BlockedRules}) holds one block × n plants in memory rather than n whole deltas. {@link SpilledDeltas}
 * reads them from a round's spool directory; {@link #of} wraps deltas already in memory (the reference the
 * block-wise results are tested against).
 */
public interface DeltaBlocks {

    /** The plants in the order of {@link BlockVisitor#visit}'s slices. */
    List<String> plants();

    /** The example count plant {@code index} reported. */
    long exampleCount(int index);

    int dimension();

    /** Visits the blocks in coordinate order, from 0 to {@link #dimension()}. */
    void forEachBlock(BlockVisitor visitor);

    /** One block: {@code slices[i]} holds plant i's values at coordinates [from, from + slices[i].length). */
    @FunctionalInterface
    interface BlockVisitor {
        void visit(int from, float[][] slices);
    }

    /** In-memory deltas cut into blocks of {@code blockSize} coordinates, in the list's order. */
    static DeltaBlocks of(List<ClientUpdate> updates, int blockSize) {
        int dimension = UpdateValidation.requireConsistent(updates);
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be positive, was " + blockSize);
        }
        List<String> plants = updates.stream().map(ClientUpdate::plant).toList();
        return new DeltaBlocks() {
            @Override
            public List<String> plants() {
                return plants;
            }

            @Override
            public long exampleCount(int index) {
                return updates.get(index).exampleCount();
            }

            @Override
            public int dimension() {
                return dimension;
            }

            @Override
            public void forEachBlock(BlockVisitor visitor) {
                for (int from = 0; from < dimension; from += blockSize) {
                    int to = Math.min(dimension, from + blockSize);
                    float[][] slices = new float[updates.size()][];
                    for (int i = 0; i < slices.length; i++) {
                        slices[i] = Arrays.copyOfRange(updates.get(i).deltaView(), from, to);
                    }
                    visitor.visit(from, slices);
                }
            }
        };
    }
}
