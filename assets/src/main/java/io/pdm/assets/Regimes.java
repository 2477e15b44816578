package io.pdm.assets;

import java.util.HashSet;
import java.util.List;

/**
 * How an asset type's operating regimes are found, so that each model channel is normalised within its regime rather
 * than over all of them: a machine that runs at several operating points (C-MAPSS FD002/FD004 fly six altitude, Mach
 * and throttle conditions) shows sensor jumps between points that are far larger than wear, and a z-score over all
 * points hides the wear. The regimes are learned on the training lives at pretraining and saved in the base's
 * protocol; every later step is assigned to the nearest learned regime from the same context channels.
 *
 * @param channels   context channels that define the regime (e.g. C-MAPSS {@code setting1..3}), in this order; each
 *                   must be a channel of the type. A window must carry them for the model to score it.
 * @param method     {@link Method#K_MEANS} or {@link Method#ROUNDING}
 * @param count      K_MEANS: the number of regimes; null to detect it (centres are added while a step is farther than
 *                   {@code tolerance} from every centre)
 * @param tolerance  K_MEANS: the detection distance, in the context channels' raw units (default 1.0); ignored with
 *                   a fixed count
 * @param resolution ROUNDING: per context channel, the step its values are rounded to; each distinct rounded vector
 *                   of the training lives is a regime
 */
public record Regimes(List<String> channels, Method method, Integer count, Double tolerance, List<Double> resolution) {
    /** The detection distance when none is given: operating points of a discrete schedule lie much further apart. */
    public static final double DEFAULT_TOLERANCE = 1.0;

    public enum Method {
        /** Farthest-first seeded k-means on the raw context values. */
        K_MEANS,
        /** Context values rounded to a per-channel resolution; each distinct rounded vector is a regime. */
        ROUNDING
    }

    public Regimes {
        if (channels == null || channels.isEmpty()) {
            throw new InvalidFieldException("/channels", "a regime needs at least one context channel");
        }
        channels = List.copyOf(channels);
        if (new HashSet<>(channels).size() != channels.size()) {
            throw new InvalidFieldException("/channels", "a context channel appears twice in " + channels);
        }
        if (method == null) {
            throw new InvalidFieldException("/method", "method is required (K_MEANS or ROUNDING)");
        }
        if (count != null && count < 1) {
            throw new InvalidFieldException("/count", "count must be at least 1, was " + count);
        }
        if (tolerance != null && !(tolerance > 0)) {
            throw new InvalidFieldException("/tolerance", "tolerance must be positive, was " + tolerance);
        }
        if (method == Method.ROUNDING) {
            if (resolution == null || resolution.size() != channels.size()) {
                throw new InvalidFieldException(
                        "/resolution",
                        "ROUNDING needs one resolution per context channel (" + channels.size() + "), got "
                                + (resolution == null ? "none" : resolution.size()));
            }
            for (int i = 0; i < resolution.size(); i++) {
                if (resolution.get(i) == null || !(resolution.get(i) > 0)) {
                    throw new InvalidFieldException("/resolution/" + i, "a resolution must be positive");
                }
            }
            if (count != null) {
                throw new InvalidFieldException("/count", "count is for K_MEANS; ROUNDING finds its regimes");
            }
        } else if (resolution != null) {
            throw new InvalidFieldException("/resolution", "resolution is for ROUNDING, not " + method);
        }
        resolution = resolution == null ? null : List.copyOf(resolution);
    }

    /** The detection distance, defaulted. */
    public double detectionTolerance() {
        return tolerance == null ? DEFAULT_TOLERANCE : tolerance;
    }
}
