package io.pdm.inference.policy;

/**
 * How eagerly the policy raises and clears, per asset type.
 *
 * @param rulThreshold    raise REMAINING_LIFE_LOW when the predicted remaining life is below this (in the
 *                        prediction's unit)
 * @param rulClearMargin  hysteresis: clear only when the prediction is back above threshold + margin
 * @param onDelay         raise only after this many consecutive steps that call for it (1 = at once)
 * @param clearDelay      clear only after this many consecutive steps that allow it
 * @param changeAlerts    when a baseline CHANGE finding raises an alert of its own
 * @param stageAgreeBelow a HEALTH_STAGE alert needs the stage head and the remaining-life estimate to agree: it
 *                        raises only while the estimate is also below this (the type's healthy boundary; +∞: the
 *                        stage head alone). Chosen on validation lives (docs/results/inference.md): early in a life
 *                        the stage head alone flipped to "degrading" on engines 100–290 cycles from failure.
 * @param upperBelow      a REMAINING_LIFE_LOW or HEALTH_STAGE alert also needs the interval's upper bound below this
 *                        (+∞: the estimate alone), for the on-delay's consecutive steps: the model must be sure, not
 *                        only estimate, that the asset left healthy running. For a small base whose estimate errs
 *                        near its boundary (the demo's pumps, docs/results/inference.md).
 * @param minHistorySteps a REMAINING_LIFE_LOW or HEALTH_STAGE alert needs a prediction from at least this many real
 *                        steps of the asset (since it was new, replaced or repaired; 0: no such rule). Below it the
 *                        model's window is mostly padding: on the demo's pumps, half the false alerts came from a
 *                        life's first 9 steps (docs/results/inference.md). Condition alerts are not affected.
 */
public record PolicySettings(
        double rulThreshold,
        double rulClearMargin,
        int onDelay,
        int clearDelay,
        ChangeAlerts changeAlerts,
        double stageAgreeBelow,
        double upperBelow,
        int minHistorySteps) {
    /** 30 cycles (about one C-MAPSS input window from failure, see HealthStage), margin 10, 3 steps each. */
    public static final PolicySettings DEFAULT = new PolicySettings(30, 10, 3, 3);

    /**
     * When the condition watch's CHANGE findings (a channel left its learned baseline) raise alerts. LIMIT findings
     * (a standard's absolute zone) always raise.
     */
    public enum ChangeAlerts {
        /** Every asset: a change raises its own alert, even while a remaining-life model scores the asset. */
        ALWAYS,
        /**
         * Only assets no remaining-life model scores (no model for the type, or not scorable yet): the watch is their
         * protection. On a scored asset a change is evidence in the prediction record and the fact sheet, and the
         * model's remaining-life and stage alerts speak. Chosen on validation lives (docs/results/inference.md):
         * on a wearing machine most changes are the wear the model already tracks, and as alerts of their own they
         * were most of the false alerts in healthy running.
         */
        UNSCORED_ONLY;

        public static ChangeAlerts parse(String s) {
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "always" -> ALWAYS;
                case "unscored-only", "unscored_only" -> UNSCORED_ONLY;
                default ->
                    throw new IllegalArgumentException(
                            "change alerts must be 'always' or 'unscored-only', got '" + s + "'");
            };
        }
    }

    /** Change alerts {@link ChangeAlerts#UNSCORED_ONLY}; the stage head alone decides stage alerts. */
    public PolicySettings(double rulThreshold, double rulClearMargin, int onDelay, int clearDelay) {
        this(
                rulThreshold,
                rulClearMargin,
                onDelay,
                clearDelay,
                ChangeAlerts.UNSCORED_ONLY,
                Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                0);
    }

    public PolicySettings withChangeAlerts(ChangeAlerts mode) {
        return new PolicySettings(
                rulThreshold, rulClearMargin, onDelay, clearDelay, mode, stageAgreeBelow, upperBelow, minHistorySteps);
    }

    public PolicySettings withStageAgreeBelow(double below) {
        return new PolicySettings(
                rulThreshold, rulClearMargin, onDelay, clearDelay, changeAlerts, below, upperBelow, minHistorySteps);
    }

    public PolicySettings withUpperBelow(double below) {
        return new PolicySettings(
                rulThreshold,
                rulClearMargin,
                onDelay,
                clearDelay,
                changeAlerts,
                stageAgreeBelow,
                below,
                minHistorySteps);
    }

    public PolicySettings withMinHistorySteps(int steps) {
        return new PolicySettings(
                rulThreshold, rulClearMargin, onDelay, clearDelay, changeAlerts, stageAgreeBelow, upperBelow, steps);
    }

    public PolicySettings {
        if (!(rulThreshold > 0) || Double.isInfinite(rulThreshold)) {
            throw new IllegalArgumentException("rulThreshold must be positive and finite, got " + rulThreshold);
        }
        if (!(rulClearMargin >= 0) || Double.isInfinite(rulClearMargin)) {
            throw new IllegalArgumentException("rulClearMargin must be ≥ 0 and finite, got " + rulClearMargin);
        }
        if (onDelay < 1 || clearDelay < 1) {
            throw new IllegalArgumentException(
                    "onDelay and clearDelay must be at least 1, got " + onDelay + " and " + clearDelay);
        }
        java.util.Objects.requireNonNull(changeAlerts, "changeAlerts");
        if (!(stageAgreeBelow > 0)) {
            throw new IllegalArgumentException("stageAgreeBelow must be positive (or +∞), got " + stageAgreeBelow);
        }
        if (!(upperBelow > 0)) {
            throw new IllegalArgumentException("upperBelow must be positive (or +∞), got " + upperBelow);
        }
        if (minHistorySteps < 0) {
            throw new IllegalArgumentException("minHistorySteps must be 0 or more, got " + minHistorySteps);
        }
    }
}
