package io.pdm.federated.rules;

import java.util.Arrays;
import java.util.Objects;

/**
 * One plant's contribution to a round: the flattened LoRA adapter difference (local minus global) and the
 * number of training examples it was computed from.
 *
 * <p>The delta is copied on construction and on {@link #delta()}, so the record is immutable; aggregation
 * rules in this package read it through {@link #deltaView()} to avoid copying millions of floats per client.
 */
public record ClientUpdate(String plant, float[] delta, long exampleCount) {

    public ClientUpdate {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(delta, "delta");
        if (exampleCount <= 0) {
            throw new IllegalArgumentException("exampleCount must be positive, was " + exampleCount + " for " + plant);
        }
        delta = delta.clone();
        for (int i = 0; i < delta.length; i++) {
            if (!Float.isFinite(delta[i])) { // one NaN would poison every mean and the sort order of robust rules
                throw new IllegalArgumentException("plant " + plant + " sent a non-finite value at index " + i);
            }
        }
    }

    @Override
    public float[] delta() {
        return delta.clone();
    }

    /** The internal array, read-only by convention; package-private so only aggregation code can skip the copy. */
    float[] deltaView() {
        return delta;
    }

    public int dimension() {
        return delta.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientUpdate that
                && plant.equals(that.plant)
                && exampleCount == that.exampleCount
                && Arrays.equals(delta, that.delta);
    }

    @Override
    public int hashCode() {
        return Objects.hash(plant, exampleCount, Arrays.hashCode(delta));
    }

    @Override
    public String toString() {
        return "ClientUpdate[plant=" + plant + ", dimension=" + delta.length + ", exampleCount=" + exampleCount + "]";
    }
}
