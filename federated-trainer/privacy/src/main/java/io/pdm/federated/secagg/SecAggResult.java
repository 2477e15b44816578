package io.pdm.federated.secagg;

import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The unmasked sum of the contributors' quantised inputs (exact, in Z_2^32) and its float decoding; the server
 * learns nothing about individual inputs beyond this sum.
 *
 * @param contributors clients whose inputs are in the sum (U3)
 * @param dropped      invited clients that are not in the sum
 */
public record SecAggResult(
        int[] quantisedSum, float[] sum, SortedSet<Integer> contributors, SortedSet<Integer> dropped) {

    public SecAggResult {
        quantisedSum = quantisedSum.clone();
        sum = sum.clone();
        contributors = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(contributors));
        dropped = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(dropped));
    }

    @Override
    public int[] quantisedSum() {
        return quantisedSum.clone();
    }

    @Override
    public float[] sum() {
        return sum.clone();
    }

    /** The contributors' mean, e.g. the FedAvg delta when every plant pre-scaled its delta equally. */
    public float[] mean() {
        float[] mean = sum();
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= contributors.size();
        }
        return mean;
    }
}
