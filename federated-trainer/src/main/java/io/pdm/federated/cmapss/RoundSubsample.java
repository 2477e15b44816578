package io.pdm.federated.cmapss;

import ai.djl.ndarray.NDManager;
import io.pdm.model.train.Batch;
import io.pdm.model.train.TrainingExamples;
import java.util.SplittableRandom;

/**
 * A round's share of a plant's examples: {@code count} indices drawn uniformly with a seed (with replacement, so
 * a round may ask for more windows than the plant has), so local work per round is fixed whatever the data size.
 */
public final class RoundSubsample implements TrainingExamples {

    private final TrainingExamples all;
    private final int[] indices;

    public RoundSubsample(TrainingExamples all, int count, long seed) {
        if (all.size() == 0 || count < 1) {
            throw new IllegalArgumentException("need examples to draw from and a positive count");
        }
        this.all = all;
        this.indices = new SplittableRandom(seed).ints(count, 0, all.size()).toArray();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Batch batch(NDManager manager, int[] positions) {
        int[] chosen = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            chosen[i] = indices[positions[i]];
        }
        return all.batch(manager, chosen);
    }
}
