package io.pdm.model.train;

import java.time.Duration;

/** Receives progress while training runs (a terminal progress line, logs, checkpoints). */
public interface TrainingMonitor {
    TrainingMonitor SILENT = new TrainingMonitor() {};

    /** After each step: the running mean loss of this epoch and the estimated time left for all epochs. */
    default void onStep(int epoch, int epochs, int step, int steps, double meanLoss, Duration remaining) {}

    /** After each epoch, with the model in its current (not necessarily best) state. */
    default void onEpoch(EpochReport report) {}

    /**
     * One finished epoch.
     *
     * @param validationScore lower is better (e.g. RMSE on held-out engines); NaN without validation
     */
    record EpochReport(
            int epoch,
            double trainLoss,
            double validationScore,
            boolean improved,
            double learningRate,
            Duration elapsed,
            double examplesPerSecond) {}
}
