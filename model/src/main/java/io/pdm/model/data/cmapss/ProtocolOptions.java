package io.pdm.model.data.cmapss;

/**
 * Settings of the C-MAPSS evaluation protocol; a fitted {@link CmapssPreprocessor} keeps the options it
 * was fitted with, so a shipped model records how its inputs and targets were built.
 *
 * @param rulCap                 cap of the piecewise-linear RUL target (125 in most of the literature)
 * @param window                 input window length in cycles
 * @param stride                 step between consecutive training windows
 * @param constantSensorStd      a sensor whose within-condition (pooled) standard deviation on the
 *                               training data is below this is dropped; 0.025 separates the flat sensors
 *                               of every subset (largest: s6 in FD003, 0.018) from the weakest kept one
 *                               (s15 in FD001, 0.0375)
 * @param conditionClusters      number of operating conditions, or {@link #AUTO_CONDITIONS} to detect them
 * @param appendConditionOneHot  whether to append a one-hot operating-condition channel per condition
 * @param capEvaluationTargets   whether evaluation targets (true test RUL) are capped at {@code rulCap}
 * @param appendCycle            whether to append the cycle number (engine age, in units of {@code rulCap})
 *                               as a channel: a 50-cycle window alone does not tell a young engine from an old
 *                               one, and the age is observed in the test files as in the training files
 */
public record ProtocolOptions(
        int rulCap,
        int window,
        int stride,
        double constantSensorStd,
        int conditionClusters,
        boolean appendConditionOneHot,
        boolean capEvaluationTargets,
        boolean appendCycle) {
    public static final int AUTO_CONDITIONS = 0;

    public ProtocolOptions {
        if (rulCap <= 0 || window <= 0 || stride <= 0) {
            throw new IllegalArgumentException("rulCap, window and stride must be positive");
        }
        if (constantSensorStd < 0 || conditionClusters < 0) {
            throw new IllegalArgumentException("constantSensorStd and conditionClusters must not be negative");
        }
    }

    public static ProtocolOptions defaults() {
        return new ProtocolOptions(125, 30, 1, 0.025, AUTO_CONDITIONS, false, true, false);
    }

    public ProtocolOptions withRulCap(int value) {
        return new ProtocolOptions(
                value,
                window,
                stride,
                constantSensorStd,
                conditionClusters,
                appendConditionOneHot,
                capEvaluationTargets,
                appendCycle);
    }

    public ProtocolOptions withWindow(int value) {
        return new ProtocolOptions(
                rulCap,
                value,
                stride,
                constantSensorStd,
                conditionClusters,
                appendConditionOneHot,
                capEvaluationTargets,
                appendCycle);
    }

    public ProtocolOptions withStride(int value) {
        return new ProtocolOptions(
                rulCap,
                window,
                value,
                constantSensorStd,
                conditionClusters,
                appendConditionOneHot,
                capEvaluationTargets,
                appendCycle);
    }

    public ProtocolOptions withConditionClusters(int value) {
        return new ProtocolOptions(
                rulCap,
                window,
                stride,
                constantSensorStd,
                value,
                appendConditionOneHot,
                capEvaluationTargets,
                appendCycle);
    }

    public ProtocolOptions withConditionOneHot(boolean value) {
        return new ProtocolOptions(
                rulCap, window, stride, constantSensorStd, conditionClusters, value, capEvaluationTargets, appendCycle);
    }

    public ProtocolOptions withCappedEvaluationTargets(boolean value) {
        return new ProtocolOptions(
                rulCap,
                window,
                stride,
                constantSensorStd,
                conditionClusters,
                appendConditionOneHot,
                value,
                appendCycle);
    }

    public ProtocolOptions withCycleChannel(boolean value) {
        return new ProtocolOptions(
                rulCap,
                window,
                stride,
                constantSensorStd,
                conditionClusters,
                appendConditionOneHot,
                capEvaluationTargets,
                value);
    }
}
