package io.pdm.launcher.model;

import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.data.cmapss.ProtocolOptions;
import io.pdm.model.train.TrainingOptions;
import picocli.CommandLine.Option;

/** Options every training command shares. */
final class TrainingArgs {
    @Option(names = "--epochs", defaultValue = "40", description = "Most epochs (early stopping may end sooner; default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "256", description = "Windows per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--patience", defaultValue = "10", description = "Epochs without a better validation RMSE before stopping (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds splits, initialisation, batch order and dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--window", defaultValue = "30", description = "Cycles per window (default ${DEFAULT-VALUE}).")
    int window;

    TrainingOptions options() {
        return TrainingOptions.defaults().withEpochs(epochs).withBatchSize(batch).withLearningRate(learningRate)
                .withPatience(patience).withSeed(seed);
    }

    ProtocolOptions protocol() {
        return ProtocolOptions.defaults().withWindow(window);
    }
}
