package io.pdm.federated.rules;

import java.util.stream.IntStream;

/**
 * Streaming weighted mean of float vectors: add one client at a time (e.g. as it arrives over the network) and
 * drop it, so memory stays at one double vector however many clients report. Sums in double so 10^3+ clients
 * of similar magnitude do not lose float precision. Not thread-safe; each {@link #add} itself uses the common
 * fork-join pool over coordinate blocks.
 */
public final class WeightedMeanAccumulator {

    private static final int BLOCK = 1 << 16;

    private final double[] weightedSum;
    private double totalWeight;
    private int count;

    public WeightedMeanAccumulator(int dimension) {
        this.weightedSum = new double[dimension];
    }

    public void add(float[] vector, double weight) {
        if (vector.length != weightedSum.length) {
            throw new IllegalArgumentException("dimension " + vector.length + ", expected " + weightedSum.length);
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be positive and finite, was " + weight);
        }
        int blocks = (vector.length + BLOCK - 1) / BLOCK;
        IntStream blockIndices = IntStream.range(0, blocks);
        (blocks > 1 ? blockIndices.parallel() : blockIndices).forEach(block -> {
            int end = Math.min(vector.length, (block + 1) * BLOCK);
            for (int i = block * BLOCK; i < end; i++) {
                weightedSum[i] += weight * vector[i];
            }
        });
        totalWeight += weight;
        count++;
    }

    /**
     * Adds {@code weight × values} at coordinates [from, from + values.length) without counting a client: the
     * block-wise rules ({@link BlockedRules}) add one client block by block and count it once with
     * {@link #countClient}. Per coordinate the arithmetic is exactly {@link #add}'s, so the mean is bit-identical
     * when clients are added in the same order.
     */
    public void addBlock(int from, float[] values, double weight) {
        if (from < 0 || from + values.length > weightedSum.length) {
            throw new IllegalArgumentException(
                    "block [" + from + ", " + (from + values.length) + ") is outside dimension " + weightedSum.length);
        }
        for (int i = 0; i < values.length; i++) {
            weightedSum[from + i] += weight * values[i];
        }
    }

    /** Counts one client added block by block with {@link #addBlock}. */
    public void countClient(double weight) {
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be positive and finite, was " + weight);
        }
        totalWeight += weight;
        count++;
    }

    public int count() {
        return count;
    }

    public double totalWeight() {
        return totalWeight;
    }

    public float[] mean() {
        if (count == 0) {
            throw new IllegalStateException("no vectors added");
        }
        float[] mean = new float[weightedSum.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (weightedSum[i] / totalWeight);
        }
        return mean;
    }
}
