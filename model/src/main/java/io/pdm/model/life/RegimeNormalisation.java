package io.pdm.model.life;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.pdm.assets.Regimes;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Operating regimes learned on a base's training lives and each model channel's mean and standard deviation within
 * each regime, saved in the base's {@value LifeProtocol#FILE}. A step is assigned to a regime from its context
 * channels alone ({@link #regimeOf}), so training, evaluation, a plant's trainer and the inference service assign and
 * normalise every step the same way ({@link LifeProtocol#normalise}).
 *
 * @param channels   context channels, in the order of {@code centres}' columns
 * @param method     {@code K_MEANS} or {@code ROUNDING} ({@link Regimes.Method})
 * @param resolution ROUNDING: per context channel, the rounding step; null for K_MEANS
 * @param centres    regimes × context channels (for ROUNDING the rounded vectors)
 * @param means      regimes × model channels
 * @param stds       regimes × model channels, never zero
 * @param steps      training steps per regime
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegimeNormalisation(
        List<String> channels,
        String method,
        double[] resolution,
        double[][] centres,
        double[][] means,
        double[][] stds,
        long[] steps) {

    public RegimeNormalisation {
        channels = List.copyOf(channels);
        Regimes.Method.valueOf(method); // refuses an unknown method in a protocol file
        int k = centres.length;
        if (k == 0 || means.length != k || stds.length != k || steps.length != k) {
            throw new IllegalArgumentException("need centres, means, stds and step counts for each regime, got " + k
                    + " / " + means.length + " / " + stds.length + " / " + steps.length);
        }
        for (int r = 0; r < k; r++) {
            if (centres[r].length != channels.size()) {
                throw new IllegalArgumentException(
                        "regime " + r + ": centre of " + centres[r].length + " values for context " + channels);
            }
            if (means[r].length != means[0].length || stds[r].length != means[0].length) {
                throw new IllegalArgumentException("regime " + r + ": means and stds differ in length");
            }
            for (double s : stds[r]) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("regime " + r + ": a standard deviation is not positive");
                }
            }
        }
        // the parameter, not a field: fields are assigned only after this compact constructor
        if (Regimes.Method.ROUNDING.name().equals(method) != (resolution != null)) {
            throw new IllegalArgumentException("a resolution is needed by ROUNDING regimes and only by them");
        }
        if (resolution != null && resolution.length != channels.size()) {
            throw new IllegalArgumentException("ROUNDING needs one resolution per context channel");
        }
        resolution = resolution == null ? null : resolution.clone();
        centres = deepCopy(centres);
        means = deepCopy(means);
        stds = deepCopy(stds);
        steps = steps.clone();
    }

    /** The number of regimes. */
    @JsonIgnore
    public int count() {
        return centres.length;
    }

    /**
     * The regime of one step: the nearest centre to its context values (for ROUNDING, to the rounded values, so a
     * value on the grid maps to its own regime and an unseen one to the nearest seen).
     *
     * @param context the step's context values in {@link #channels} order
     */
    public int regimeOf(double[] context) {
        double[] point = context;
        if (resolution != null) {
            point = new double[context.length];
            for (int c = 0; c < context.length; c++) {
                point[c] = round(context[c], resolution[c]);
            }
        }
        return RegimeFit.nearest(centres, point);
    }

    static double round(double value, double resolution) {
        return Math.round(value / resolution) * resolution;
    }

    @Override
    public double[] resolution() {
        return resolution == null ? null : resolution.clone();
    }

    @Override
    public double[][] centres() {
        return deepCopy(centres);
    }

    @Override
    public double[][] means() {
        return deepCopy(means);
    }

    @Override
    public double[][] stds() {
        return deepCopy(stds);
    }

    @Override
    public long[] steps() {
        return steps.clone();
    }

    /** Normalised value of model channel {@code c} in regime {@code r}; no copies, for the per-step loop. */
    double normalise(int r, int c, double value) {
        return (value - means[r][c]) / stds[r][c];
    }

    /** The centre of regime {@code r}, context channel {@code c}. */
    double centre(int r, int c) {
        return centres[r][c];
    }

    double mean(int r, int c) {
        return means[r][c];
    }

    private static double[][] deepCopy(double[][] a) {
        return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegimeNormalisation n
                && channels.equals(n.channels)
                && method.equals(n.method)
                && Arrays.equals(resolution, n.resolution)
                && Arrays.deepEquals(centres, n.centres)
                && Arrays.deepEquals(means, n.means)
                && Arrays.deepEquals(stds, n.stds)
                && Arrays.equals(steps, n.steps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, method, Arrays.deepHashCode(centres));
    }

    @Override
    public String toString() {
        return "RegimeNormalisation[" + method + " on " + channels + ", " + count() + " regimes, steps "
                + Arrays.toString(steps) + "]";
    }
}
