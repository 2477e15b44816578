package io.pdm.inference.condition;

/**
 * Parameters of the change test (two-sided tabular CUSUM on the robust z-score, Page 1954; Montgomery,
 * "Introduction to Statistical Quality Control", ch. 9).
 *
 * <ul>
 *   <li>{@code baselineWindows}: how many feature windows of a channel form its baseline (e.g. 120 one-minute
 *       windows = the first 2 h). No CHANGE finding before that; LIMIT findings from the first window.
 *   <li>{@code k}: the allowance, in baseline scales; about half the shift to detect quickly (1.0: shifts of
 *       two scales and more).
 *   <li>{@code h}: the decision interval. The textbook k = 0.5, h = 5 (one-sided ARL0 ≈ 465) alarms every few
 *       hundred windows on minute windows, and more so with a scale estimated from only 120 windows. The
 *       defaults k = 1, h = 8 were chosen by a Monte Carlo run (Gaussian data, baseline learned from 120
 *       windows as here): 0.25 % of 400 healthy 8-hour runs (480 windows) raised a false CHANGE (2.5 % with
 *       k = 0.75, about two alarms per run with the textbook values); a 3-scale step is detected after 5
 *       windows, a 1-scale step after a median of 48 (20 repetitions each).
 *   <li>{@code zClip}: each z is clipped to ±zClip before it enters the sums, so one wild value cannot
 *       alarm alone (with 4, k = 1 and h = 8 it takes three in a row).
 *   <li>{@code maxSum}: the sums are capped at maxSum × h, so a channel that goes back to its baseline
 *       clears in a bounded time instead of paying back an arbitrarily long excursion.
 *   <li>{@code minScale}: the absolute floor of the baseline scale, in the channel's unit.
 * </ul>
 */
public record WatchSettings(int baselineWindows, double k, double h, double zClip, double maxSum, double minScale) {
    public static final WatchSettings DEFAULT = new WatchSettings(120, 1.0, 8, 4, 2, 1e-9);

    public WatchSettings {
        if (baselineWindows < 2) {
            throw new IllegalArgumentException("baselineWindows must be at least 2, got " + baselineWindows);
        }
        if (!(k >= 0) || !(h > 0) || !(zClip > 0) || !(maxSum >= 1) || !(minScale > 0)) {
            throw new IllegalArgumentException("need k ≥ 0, h > 0, zClip > 0, maxSum ≥ 1, minScale > 0; got k=" + k
                    + " h=" + h + " zClip=" + zClip + " maxSum=" + maxSum + " minScale=" + minScale);
        }
    }

    public WatchSettings withBaselineWindows(int windows) {
        return new WatchSettings(windows, k, h, zClip, maxSum, minScale);
    }
}
