package io.pdm.inference.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One asset's newest window, ready for a model: {@code values[step][channel]} in the channel order asked for, oldest
 * step first, gaps filled with the channel's last seen value, and what had to be filled said in {@link #quality}.
 *
 * @param ages    per step the asset's age from the source (null entries when unknown)
 * @param missing channels the newest step lacks (filled forward, or never seen and filled with NaN)
 */
public record ScoringInput(
        String asset,
        Instant end,
        List<String> channels,
        double[][] values,
        Double[] ages,
        Set<String> missing,
        Set<Quality> quality) {

    /** Input-quality flags, written on every prediction. */
    public enum Quality {
        /** A channel the model reads is absent from the newest step. */
        MISSING_CHANNELS,
        /** Consecutive steps are further apart than the cadence allows: the window spans a gap. */
        STALE,
        /**
         * Fewer steps than the model's window (the window is padded at its start), or fewer real steps since the asset
         * was new or restored than its type's {@code minHistorySteps}: no remaining-life or stage alert from it.
         */
        SHORT_HISTORY,
        /** The asset's type has no remaining-life model: condition watch only. */
        NO_MODEL,
        /** The asset's own baseline is still being learned: only absolute limits apply. */
        BASELINE_LEARNING
    }

    public ScoringInput {
        channels = List.copyOf(channels);
        missing = Set.copyOf(missing);
        quality = Set.copyOf(quality);
    }

    public int steps() {
        return values.length;
    }

    /** The newest step's values. */
    public double[] latest() {
        return values[values.length - 1];
    }
}
