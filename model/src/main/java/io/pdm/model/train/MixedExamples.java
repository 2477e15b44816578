package io.pdm.model.train;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;

/**
 * Sensor windows with an independent text batch in every step, so one run trains the RUL and class
 * heads and the language head together (the losses are weighted by {@link LossWeights}). An epoch is
 * one pass over the windows; texts are drawn at random, seeded by the step's first window.
 */
public final class MixedExamples implements TrainingExamples {
    private final TrainingExamples windows;
    private final TrainingExamples texts;
    private final int textsPerStep;
    private final long seed;

    public MixedExamples(TrainingExamples windows, TrainingExamples texts, int textsPerStep, long seed) {
        this.windows = windows;
        this.texts = texts;
        this.textsPerStep = textsPerStep;
        this.seed = seed;
    }

    @Override
    public int size() {
        return windows.size();
    }

    @Override
    public Batch batch(NDManager manager, int[] indices) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + indices[0]);
        int[] picked = new int[Math.min(textsPerStep, texts.size())];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = random.nextInt(texts.size());
        }
        return windows.batch(manager, indices).withText(texts.batch(manager, picked));
    }
}
