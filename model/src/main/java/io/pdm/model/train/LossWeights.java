package io.pdm.model.train;

/** Weights of the objectives in the total loss; a zero weight switches an objective off. */
public record LossWeights(double rul, double classification, double text) {
    public LossWeights {
        if (rul < 0 || classification < 0 || text < 0 || rul + classification + text == 0) {
            throw new IllegalArgumentException("loss weights must be non-negative and not all zero");
        }
    }

    public static LossWeights rulOnly() {
        return new LossWeights(1, 0, 0);
    }
}
