package io.pdm.model.data;

/**
 * Coarse health stage derived from remaining useful life, the label of the classification head and
 * the stage an alert reports. Lives outside the C-MAPSS package because alerts for any asset use it.
 */
public enum HealthStage {
    HEALTHY,
    DEGRADING,
    CRITICAL;

    /**
     * Stage boundaries in RUL units (cycles for C-MAPSS). The defaults are a project convention, not a
     * literature standard: above 80 lies in or near the flat part of the RUL target capped at 125 (no
     * visible degradation yet); 30 or less is about one 30-cycle input window from failure, i.e. act now.
     */
    public record Thresholds(double healthyAbove, double degradingAbove) {
        public static final Thresholds DEFAULT = new Thresholds(80, 30);

        public Thresholds {
            if (!(healthyAbove > degradingAbove)) {
                throw new IllegalArgumentException(
                        "healthyAbove (" + healthyAbove + ") must exceed degradingAbove (" + degradingAbove + ")");
            }
        }
    }

    /** Stage for a RUL value with the default thresholds. */
    public static HealthStage of(double rul) {
        return of(rul, Thresholds.DEFAULT);
    }

    public static HealthStage of(double rul, Thresholds thresholds) {
        if (rul > thresholds.healthyAbove()) {
            return HEALTHY;
        }
        return rul > thresholds.degradingAbove() ? DEGRADING : CRITICAL;
    }

    /** Class indices (the enum ordinals) for a batch of RUL targets. */
    public static int[] labels(float[] rul, Thresholds thresholds) {
        int[] labels = new int[rul.length];
        for (int i = 0; i < rul.length; i++) {
            labels[i] = of(rul[i], thresholds).ordinal();
        }
        return labels;
    }
}
