package io.pdm.federated.training;

import ai.djl.ndarray.NDManager;
import io.pdm.model.train.Batch;
import io.pdm.model.train.TrainingExamples;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A round's share of a plant's examples: {@code count} indices drawn uniformly with a seed (with replacement, so
 * a round may ask for more windows than the plant has), so local work per round is fixed whatever the data size.
 */
public final class RoundSubsample implements TrainingExamples {

    private final TrainingExamples all;
    private final int[] indices;

    public RoundSubsample(TrainingExamples all, int count, long seed) {
        this(all, drawWithReplacement(all, count, seed));
    }

    private RoundSubsample(TrainingExamples all, int[] indices) {
        this.all = all;
        this.indices = indices;
    }

    /**
     * {@code count} distinct indices (a seeded partial shuffle), for DP-SGD: a window then sits in at most one
     * batch of the round, so per-example clipping bounds its influence on each step to one clipped gradient.
     */
    public static RoundSubsample withoutReplacement(TrainingExamples all, int count, long seed) {
        if (count < 1 || count > all.size()) {
            throw new IllegalArgumentException("cannot draw " + count + " distinct windows from " + all.size());
        }
        int[] pool = IntStream.range(0, all.size()).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(pool.length - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        return new RoundSubsample(all, Arrays.copyOf(pool, count));
    }

    private static int[] drawWithReplacement(TrainingExamples all, int count, long seed) {
        if (all.size() == 0 || count < 1) {
            throw new IllegalArgumentException("need examples to draw from and a positive count");
        }
        return new SplittableRandom(seed).ints(count, 0, all.size()).toArray();
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
