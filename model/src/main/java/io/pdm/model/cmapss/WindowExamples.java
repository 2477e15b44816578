package io.pdm.model.cmapss;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.data.HealthStage;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.train.Batch;
import io.pdm.model.train.TrainingExamples;
import java.util.Random;

/**
 * Sensor windows as training examples: RUL targets as a fraction of the model's RUL scale, and the
 * health stage of each target as the class label. Optionally adds Gaussian noise to the (z-scored)
 * inputs of every batch, a fresh draw each time, so the model cannot memorise the measurement noise of
 * the few training trajectories.
 */
public final class WindowExamples implements TrainingExamples {
    private final WindowSet windows;
    private final float rulScale;
    private final int[] stages;
    private final float noiseStd;
    private final Random noise;

    public WindowExamples(WindowSet windows, float rulScale, HealthStage.Thresholds thresholds) {
        this(windows, rulScale, thresholds, 0f, 0);
    }

    /**
     * @param noiseStd standard deviation of the input noise in z-score units (0 = none)
     * @param seed     seeds the noise: the same seed and batch order give the same batches
     */
    public WindowExamples(
            WindowSet windows, float rulScale, HealthStage.Thresholds thresholds, float noiseStd, long seed) {
        if (!(noiseStd >= 0)) {
            throw new IllegalArgumentException("noiseStd must not be negative, was " + noiseStd);
        }
        this.windows = windows;
        this.rulScale = rulScale;
        this.stages = HealthStage.labels(windows.rulTargets(), thresholds);
        this.noiseStd = noiseStd;
        this.noise = new Random(seed);
    }

    public WindowSet windows() {
        return windows;
    }

    @Override
    public int size() {
        return windows.count();
    }

    @Override
    public Batch batch(NDManager manager, int[] indices) {
        return batch(manager, indices, inputs(indices));
    }

    /** The inputs of these windows, flat, with this batch's noise added. */
    float[] inputs(int[] indices) {
        int stride = windows.length() * windows.channels();
        float[] x = new float[indices.length * stride];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(windows.values(), indices[i] * stride, x, i * stride, stride);
        }
        if (noiseStd > 0) {
            for (int i = 0; i < x.length; i++) {
                x[i] += (float) (noise.nextGaussian() * noiseStd);
            }
        }
        return x;
    }

    private Batch batch(NDManager manager, int[] indices, float[] x) {
        float[] rul = new float[indices.length];
        long[] stage = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            rul[i] = windows.rulTargets()[indices[i]] / rulScale;
            stage[i] = stages[indices[i]];
        }
        return Batch.windows(
                manager.create(x, new Shape(indices.length, windows.length(), windows.channels())),
                manager.create(rul),
                manager.create(stage));
    }
}
