package io.pdm.model.life;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Arrays;

/**
 * Split-conformal prediction interval for remaining life: on held-out calibration windows (whole lives the model
 * never trained on), the {@code ceil((n + 1) · level) / n} empirical quantile of the absolute residual
 * |predicted − true|, per bin of predicted remaining life (errors grow with the horizon); a bin with too few windows
 * for the level falls back to the quantile over all windows. The interval is [max(0, p − q), p + q].
 *
 * <p>Windows of one life are not independent, so the guarantee (coverage ≥ level for an exchangeable new window) is
 * approximate; coverage is measured on test lives and reported ({@code docs/results/remaining-life.md}).
 *
 * @param level       nominal coverage, e.g. 0.9
 * @param upperEdges  bins of predicted RUL: bin b holds predictions up to {@code upperEdges[b]}; the last bin is
 *                    unbounded, so there is one more quantile than edges
 * @param quantiles   the residual quantile per bin, in life units
 * @param windows     calibration windows per bin
 */
public record ConformalInterval(double level, double[] upperEdges, double[] quantiles, int[] windows) {
    public ConformalInterval {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1), was " + level);
        }
        if (quantiles.length != upperEdges.length + 1 || windows.length != quantiles.length) {
            throw new IllegalArgumentException("need one quantile and window count per bin");
        }
        upperEdges = upperEdges.clone();
        quantiles = quantiles.clone();
        windows = windows.clone();
    }

    /** Fits on calibration predictions and truths with {@code bins} equal-width bins of predicted RUL up to {@code cap}. */
    public static ConformalInterval fit(float[] predicted, float[] truth, double level, int bins, double cap) {
        if (predicted.length != truth.length || predicted.length == 0) {
            throw new IllegalArgumentException("need as many truths as predictions, at least one");
        }
        double[] edges = new double[bins - 1];
        for (int b = 0; b < edges.length; b++) {
            edges[b] = cap * (b + 1) / bins;
        }
        double[] all = residuals(predicted, truth, edges, -1);
        double global = quantile(all, level);
        double[] quantiles = new double[bins];
        int[] counts = new int[bins];
        for (int b = 0; b < bins; b++) {
            double[] r = residuals(predicted, truth, edges, b);
            counts[b] = r.length;
            // With n < 1/(1 − level) − 1 windows the conformal quantile is infinite: use all windows instead.
            quantiles[b] = Math.ceil((r.length + 1) * level) > r.length ? global : quantile(r, level);
        }
        return new ConformalInterval(level, edges, quantiles, counts);
    }

    private static double[] residuals(float[] predicted, float[] truth, double[] edges, int bin) {
        return java.util.stream.IntStream.range(0, predicted.length)
                .filter(i -> bin < 0 || binOf(edges, predicted[i]) == bin)
                .mapToDouble(i -> Math.abs(predicted[i] - truth[i]))
                .toArray();
    }

    /** The finite-sample conformal quantile; the largest residual when there are too few. */
    static double quantile(double[] residuals, double level) {
        double[] sorted = residuals.clone();
        Arrays.sort(sorted);
        int k = (int) Math.ceil((sorted.length + 1) * level);
        return sorted[Math.min(sorted.length, Math.max(1, k)) - 1];
    }

    private static int binOf(double[] edges, double predicted) {
        int b = 0;
        while (b < edges.length && predicted > edges[b]) {
            b++;
        }
        return b;
    }

    /** Half-width of the interval around a prediction. */
    public double halfWidth(double predicted) {
        return quantiles[binOf(upperEdges, predicted)];
    }

    @JsonIgnore
    public double lower(double predicted) {
        return Math.max(0, predicted - halfWidth(predicted));
    }

    @JsonIgnore
    public double upper(double predicted) {
        return predicted + halfWidth(predicted);
    }

    @Override
    public double[] upperEdges() {
        return upperEdges.clone();
    }

    @Override
    public double[] quantiles() {
        return quantiles.clone();
    }

    @Override
    public int[] windows() {
        return windows.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConformalInterval c
                && level == c.level
                && Arrays.equals(upperEdges, c.upperEdges)
                && Arrays.equals(quantiles, c.quantiles)
                && Arrays.equals(windows, c.windows);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(level) * 31 + Arrays.hashCode(quantiles);
    }
}
