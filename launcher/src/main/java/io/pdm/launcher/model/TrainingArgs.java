package io.pdm.launcher.model;

import io.pdm.model.data.cmapss.ProtocolOptions;
import io.pdm.model.train.TrainingOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every training command shares. */
final class TrainingArgs {
    /** Epochs of pretraining and fine-tuning (pooled training passes its own default). */
    static final int EPOCHS = 15;
    /** Peak learning rate unless a command passes its own default. */
    static final float DEFAULT_LEARNING_RATE = 1e-3f;

    // No defaultValue in the annotation, so picocli takes the field's initial value: each command can set its own.
    @Option(names = "--epochs", description = "Epochs of the warm-up and cosine schedule (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "256", description = "Windows per step (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", description = "Peak learning rate (default 1e-3; 3e-3 for `model finetune --lora`).")
    Float learningRate;

    // The whole cosine runs by default: stopping while the learning rate is still high chose noisy
    // epochs; the weights of the best validation epoch are restored either way.
    @Option(
            names = "--patience",
            defaultValue = "0",
            description = "Epochs without a better validation RMSE before stopping;"
                    + " 0 runs every epoch (default ${DEFAULT-VALUE}). The best validation epoch's weights are kept.")
    int patience;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seeds splits, initialisation, batch order and dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--checkpoint",
            description = "Save the run's state here after every epoch; run the same command again"
                    + " with the same directory to resume after the last saved epoch.")
    Path checkpoint;

    @Option(
            names = "--window",
            defaultValue = "50",
            description = "Cycles per window, a multiple of --patch (default ${DEFAULT-VALUE}).")
    int window;

    TrainingArgs() {
        this(EPOCHS);
    }

    TrainingArgs(int defaultEpochs) {
        epochs = defaultEpochs;
    }

    TrainingOptions options() {
        return options(DEFAULT_LEARNING_RATE);
    }

    /** With {@code defaultLearningRate} unless --lr was given. */
    TrainingOptions options(float defaultLearningRate) {
        return TrainingOptions.defaults()
                .withEpochs(epochs)
                .withBatchSize(batch)
                .withLearningRate(learningRate != null ? learningRate : defaultLearningRate)
                .withPatience(patience)
                .withSeed(seed)
                .withCheckpointDirectory(checkpoint);
    }

    /** The options of one of several runs of a command (a subset, an ensemble member): its own checkpoint directory. */
    TrainingOptions options(float defaultLearningRate, String... run) {
        TrainingOptions options = options(defaultLearningRate);
        return checkpoint == null
                ? options
                : options.withCheckpointDirectory(checkpoint.resolve(String.join("/", run)));
    }

    ProtocolOptions protocol() {
        return ProtocolOptions.defaults().withWindow(window);
    }
}
