package io.pdm.bench.inference;

import java.util.List;
import java.util.Map;

/**
 * One source's figures, summed over its lives ({@link LifeMetrics} says what each means).
 *
 * @param unit          the type's life unit, lower case (cycles, hours)
 * @param falseBeforeFull false alerts (of either kind) raised before the life's window was full ({@link LifeMetrics})
 * @param missedNoRoom  missed lives whose observation stopped before a perfect estimate could have raised the alert
 *                      (fewer than the on-delay's steps below the warning; {@link LifeMetrics})
 * @param leads         lead times of the reached lives that were alerted, in life units
 * @param leadShares    the same as shares of each life's length
 * @param texts         per writer, the delivered texts of this source's alerts
 * @param intervalLevel the base's nominal interval coverage (NaN without a calibrated base)
 */
public record SourceResult(
        String name,
        String typeId,
        String unit,
        String baseFrom,
        int lives,
        int steps,
        int reached,
        int alerted,
        int missed,
        int missedNoRoom,
        int notReachedButAlerted,
        List<Double> leads,
        List<Double> leadShares,
        int falsePredictive,
        int falseCondition,
        int falseBeforeFull,
        double healthyExposure,
        int scoredWithTruth,
        int covered,
        int scoredBelowCap,
        int coveredBelowCap,
        double intervalLevel,
        Map<String, TextTally.Summary> texts,
        List<LifeMetrics.Result> perLife,
        double seconds) {
    public SourceResult {
        leads = List.copyOf(leads);
        leadShares = List.copyOf(leadShares);
        texts = Map.copyOf(texts);
        perLife = List.copyOf(perLife);
    }

    public double falsePer1000() {
        return healthyExposure == 0 ? Double.NaN : 1000.0 * (falsePredictive + falseCondition) / healthyExposure;
    }

    /**
     * The exact one-sided 95 % upper confidence bound of the false-alert rate per 1,000 healthy life units ({@link
     * RateBound}): what this much healthy running can say. NaN without healthy running.
     */
    public double falseUpperPer1000() {
        return healthyExposure == 0
                ? Double.NaN
                : RateBound.upperPer1000(falsePredictive + falseCondition, healthyExposure, RateBound.CONFIDENCE);
    }

    /** The same bound had no false alert occurred: the smallest rate this run can tell apart from zero. */
    public double resolutionPer1000() {
        return healthyExposure == 0 ? Double.NaN : RateBound.upperPer1000(0, healthyExposure, RateBound.CONFIDENCE);
    }

    public double falsePredictivePer1000() {
        return healthyExposure == 0 ? Double.NaN : 1000.0 * falsePredictive / healthyExposure;
    }

    public double coverage() {
        return scoredWithTruth == 0 ? Double.NaN : (double) covered / scoredWithTruth;
    }

    public double coverageBelowCap() {
        return scoredBelowCap == 0 ? Double.NaN : (double) coveredBelowCap / scoredBelowCap;
    }

    /** Reached lives alerted with a lead of at least {@code share} of their life. */
    public long leadAtLeast(double share) {
        return leadShares.stream().filter(s -> s >= share).count();
    }

    static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) return Double.NaN;
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }
}
