package io.pdm.model.train;

import java.nio.file.Path;

/**
 * How to train.
 *
 * @param epochs            passes over the training examples (upper bound when early stopping)
 * @param batchSize         examples per step
 * @param learningRate      peak learning rate of AdamW
 * @param weightDecay       decoupled weight decay on matrices (norms, biases and LoRA B get none)
 * @param warmupFraction    share of all steps with a linear warm-up before the cosine decay
 * @param finalLrFraction   learning rate at the end of the cosine, as a fraction of the peak
 * @param gradientClipNorm  global L2 norm the gradients are scaled down to (0 = off)
 * @param patience          epochs without a better validation score before stopping (0 = never)
 * @param averageDecay      decay of an exponential moving average of the weights per step; validation
 *                          scores, and the run keeps, the averaged weights (0 = no average)
 * @param seed              seeds batch order, dropout and initialisation: same seed, same result
 * @param checkpointDirectory where the run saves its state after every epoch and resumes from if a state of the
 *                          same run is there ({@link TrainingCheckpoint}); null for none
 */
public record TrainingOptions(
        int epochs,
        int batchSize,
        float learningRate,
        float weightDecay,
        double warmupFraction,
        float finalLrFraction,
        float gradientClipNorm,
        int patience,
        float averageDecay,
        long seed,
        Path checkpointDirectory) {
    public TrainingOptions {
        if (epochs <= 0 || batchSize <= 0 || learningRate <= 0) {
            throw new IllegalArgumentException("epochs, batch size and learning rate must be positive");
        }
        if (warmupFraction < 0 || warmupFraction >= 1) {
            throw new IllegalArgumentException("warm-up fraction must be in [0, 1)");
        }
        if (averageDecay < 0 || averageDecay >= 1) {
            throw new IllegalArgumentException("average decay must be in [0, 1)");
        }
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(40, 256, 1e-3f, 0.01f, 0.05, 0.05f, 1.0f, 8, 0f, 42, null);
    }

    public TrainingOptions withEpochs(int value) {
        return new TrainingOptions(
                value,
                batchSize,
                learningRate,
                weightDecay,
                warmupFraction,
                finalLrFraction,
                gradientClipNorm,
                patience,
                averageDecay,
                seed,
                checkpointDirectory);
    }

    public TrainingOptions withLearningRate(float value) {
        return new TrainingOptions(
                epochs,
                batchSize,
                value,
                weightDecay,
                warmupFraction,
                finalLrFraction,
                gradientClipNorm,
                patience,
                averageDecay,
                seed,
                checkpointDirectory);
    }

    public TrainingOptions withSeed(long value) {
        return new TrainingOptions(
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                warmupFraction,
                finalLrFraction,
                gradientClipNorm,
                patience,
                averageDecay,
                value,
                checkpointDirectory);
    }

    public TrainingOptions withBatchSize(int value) {
        return new TrainingOptions(
                epochs,
                value,
                learningRate,
                weightDecay,
                warmupFraction,
                finalLrFraction,
                gradientClipNorm,
                patience,
                averageDecay,
                seed,
                checkpointDirectory);
    }

    public TrainingOptions withPatience(int value) {
        return new TrainingOptions(
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                warmupFraction,
                finalLrFraction,
                gradientClipNorm,
                value,
                averageDecay,
                seed,
                checkpointDirectory);
    }

    public TrainingOptions withGradientClipNorm(float value) {
        return new TrainingOptions(
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                warmupFraction,
                finalLrFraction,
                value,
                patience,
                averageDecay,
                seed,
                checkpointDirectory);
    }

    public TrainingOptions withAverageDecay(float value) {
        return new TrainingOptions(
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                warmupFraction,
                finalLrFraction,
                gradientClipNorm,
                patience,
                value,
                seed,
                checkpointDirectory);
    }

    public TrainingOptions withCheckpointDirectory(Path value) {
        return new TrainingOptions(
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                warmupFraction,
                finalLrFraction,
                gradientClipNorm,
                patience,
                averageDecay,
                seed,
                value);
    }
}
