package io.pdm.model.data.cmapss;

/**
 * The predictions behind one {@link RulEvaluation}: which windows were scored (engine unit and the cycle each window
 * ends at), their true RUL and the model's prediction, so a figure can be recomputed or combined with other runs'.
 */
public record ScoredWindows(String subset, int[] units, int[] endCycles, float[] truth, float[] predicted) {
    public ScoredWindows {
        if (units.length != truth.length || endCycles.length != truth.length || predicted.length != truth.length) {
            throw new IllegalArgumentException("need one unit, cycle, truth and prediction per window");
        }
    }

    /** The windows of {@code windows} with these predictions. */
    public static ScoredWindows of(String subset, WindowSet windows, float[] predicted) {
        return new ScoredWindows(subset, windows.units(), windows.endCycles(), windows.rulTargets(), predicted);
    }

    public RulEvaluation evaluation() {
        return RulMetrics.evaluate(subset, predicted, truth);
    }
}
