package io.pdm.inference.policy;

/**
 * How eagerly the policy raises and clears, per asset type.
 *
 * @param rulThreshold    raise REMAINING_LIFE_LOW when the predicted remaining life is below this (in the
 *                        prediction's unit)
 * @param rulClearMargin  hysteresis: clear only when the prediction is back above threshold + margin
 * @param onDelay         raise only after this many consecutive steps that call for it (1 = at once)
 * @param clearDelay      clear only after this many consecutive steps that allow it
 */
public record PolicySettings(double rulThreshold, double rulClearMargin, int onDelay, int clearDelay) {
    /** 30 cycles (about one C-MAPSS input window from failure, see HealthStage), margin 10, 3 steps each. */
    public static final PolicySettings DEFAULT = new PolicySettings(30, 10, 3, 3);

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
    }
}
