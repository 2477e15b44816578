package io.pdm.model.data.cmapss;

/** The two accuracy measures reported on C-MAPSS. */
public final class RulMetrics {
    private RulMetrics() {}

    public static double rmse(float[] predicted, float[] truth) {
        checkSameLength(predicted, truth);
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - truth[i];
            sum += d * d;
        }
        return Math.sqrt(sum / predicted.length);
    }

    /**
     * The asymmetric scoring function of the PHM08 challenge (Saxena et al. 2008): with
     * d = predicted − true, a late prediction (d ≥ 0) costs exp(d/10) − 1 and an early one
     * exp(−d/13) − 1, because predicting failure too late is the more dangerous error. Lower is better.
     */
    public static double phm08Score(float[] predicted, float[] truth) {
        checkSameLength(predicted, truth);
        double score = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = (double) predicted[i] - truth[i];
            score += d < 0 ? Math.expm1(-d / 13) : Math.expm1(d / 10);
        }
        return score;
    }

    public static RulEvaluation evaluate(String subset, float[] predicted, float[] truth) {
        return new RulEvaluation(subset, predicted.length, rmse(predicted, truth), phm08Score(predicted, truth));
    }

    private static void checkSameLength(float[] predicted, float[] truth) {
        if (predicted.length != truth.length || predicted.length == 0) {
            throw new IllegalArgumentException("need equally many predictions and truths, at least one: "
                    + predicted.length + " vs " + truth.length);
        }
    }
}
