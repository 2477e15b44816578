package io.pdm.assets.lives;

import java.util.Arrays;
import java.util.List;

/**
 * One asset's ordered steps between two end-of-life events (or from the start of observation): the type's channels
 * at each step and the asset's age there, ended by a failure or censored.
 *
 * <p>Remaining life at step {@code i} is {@code ages[last] - ages[i] + remainingAtEnd}: for a failed life
 * {@code remainingAtEnd} is the time from the last step to the failure (0 when the last step is the failing one, as
 * in C-MAPSS), for a censored life the true remaining life after the last step when known (a test engine's RUL), or
 * null when unknown.
 *
 * @param lifeId         unique within a source, e.g. {@code FD001-train-7}
 * @param assetId        the asset (a machine has several lives when it is repaired)
 * @param typeId         the asset type
 * @param channels       channel names, in the order of each step's values
 * @param values         steps × channels; arrays are copied in and out
 * @param ages           age at each step in the type's life unit, strictly increasing
 * @param end            how the life ends
 * @param remainingAtEnd see above; must be set for FAILED
 */
public record Life(
        String lifeId,
        String assetId,
        String typeId,
        List<String> channels,
        double[][] values,
        double[] ages,
        LifeEnd end,
        Double remainingAtEnd) {
    public Life {
        channels = List.copyOf(channels);
        if (values.length == 0 || values.length != ages.length) {
            throw new IllegalArgumentException(
                    lifeId + ": " + values.length + " steps but " + ages.length + " ages; a life needs a step");
        }
        values = Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
        ages = ages.clone();
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != channels.size()) {
                throw new IllegalArgumentException(lifeId + " step " + i + ": " + values[i].length + " values for "
                        + channels.size() + " channels");
            }
            if (i > 0 && !(ages[i] > ages[i - 1])) {
                throw new IllegalArgumentException(
                        lifeId + " step " + i + ": age " + ages[i] + " does not increase from " + ages[i - 1]);
            }
        }
        if (end == null) {
            throw new IllegalArgumentException(lifeId + ": end is required");
        }
        if (end == LifeEnd.FAILED && remainingAtEnd == null) {
            remainingAtEnd = 0.0;
        }
        if (remainingAtEnd != null && !(remainingAtEnd >= 0)) {
            throw new IllegalArgumentException(lifeId + ": remaining life at the end must be >= 0");
        }
    }

    public int steps() {
        return ages.length;
    }

    @Override
    public double[][] values() {
        return Arrays.stream(values).map(double[]::clone).toArray(double[][]::new);
    }

    /** One step's values (a copy). */
    public double[] step(int i) {
        return values[i].clone();
    }

    /** One value without copying the step. */
    public double value(int step, int channel) {
        return values[step][channel];
    }

    @Override
    public double[] ages() {
        return ages.clone();
    }

    public double age(int step) {
        return ages[step];
    }

    /** True remaining life at step {@code i}, or NaN when the life is censored with unknown remainder. */
    public double remaining(int i) {
        return remainingAtEnd == null ? Double.NaN : ages[ages.length - 1] - ages[i] + remainingAtEnd;
    }

    /** Time observed after step {@code i}: a lower bound of the remaining life, also for censored lives. */
    public double observedAfter(int i) {
        return ages[ages.length - 1] - ages[i];
    }

    /** The same life with only these channels, in this order. */
    public Life select(List<String> wanted) {
        int[] index = new int[wanted.size()];
        for (int j = 0; j < index.length; j++) {
            index[j] = channels.indexOf(wanted.get(j));
            if (index[j] < 0) {
                throw new IllegalArgumentException(
                        lifeId + " has no channel '" + wanted.get(j) + "'; it has " + channels);
            }
        }
        double[][] picked = new double[values.length][index.length];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < index.length; j++) {
                picked[i][j] = values[i][index[j]];
            }
        }
        return new Life(lifeId, assetId, typeId, wanted, picked, ages, end, remainingAtEnd);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Life l
                && lifeId.equals(l.lifeId)
                && assetId.equals(l.assetId)
                && typeId.equals(l.typeId)
                && channels.equals(l.channels)
                && Arrays.deepEquals(values, l.values)
                && Arrays.equals(ages, l.ages)
                && end == l.end
                && java.util.Objects.equals(remainingAtEnd, l.remainingAtEnd);
    }

    @Override
    public int hashCode() {
        return lifeId.hashCode() * 31 + Arrays.hashCode(ages);
    }

    @Override
    public String toString() {
        return "Life[" + lifeId + ", " + typeId + ", " + steps() + " steps, " + end + "]";
    }
}
