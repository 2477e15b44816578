package io.pdm.inference.condition;

import java.util.Arrays;

/**
 * A channel's learned normal: the median and a robust scale (MAD × 1.4826, which equals the standard
 * deviation for Gaussian data) of its first windows. Median and MAD ignore a few wild values during
 * learning, which a mean and standard deviation would not.
 *
 * @param scale never below {@link #scaleFloor}: a constant channel would otherwise give infinite z-scores
 */
public record Baseline(double median, double scale, int windows) {
    /** Consistency constant of the MAD for normally distributed data. */
    public static final double MAD_TO_SIGMA = 1.4826;

    public Baseline {
        if (!Double.isFinite(median) || !(scale > 0) || !Double.isFinite(scale) || windows < 1) {
            throw new IllegalArgumentException("baseline needs a finite median, positive scale and windows ≥ 1: "
                    + median + ", " + scale + ", " + windows);
        }
    }

    /** Learns from the values (at least one, all finite); {@code minScale} is the absolute scale floor. */
    public static Baseline learn(double[] values, double minScale) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a baseline needs at least one value");
        }
        double median = median(values.clone());
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - median);
        }
        double scale = Math.max(MAD_TO_SIGMA * median(deviations), scaleFloor(median, minScale));
        return new Baseline(median, scale, values.length);
    }

    /** 0.1 % of the median's magnitude or {@code minScale}, whichever is larger. */
    static double scaleFloor(double median, double minScale) {
        return Math.max(1e-3 * Math.abs(median), minScale);
    }

    public double z(double value) {
        return (value - median) / scale;
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
