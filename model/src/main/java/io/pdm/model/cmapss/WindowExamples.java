package io.pdm.model.cmapss;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.data.HealthStage;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.train.Batch;
import io.pdm.model.train.TrainingExamples;

/**
 * Sensor windows as training examples: RUL targets as a fraction of the model's RUL scale, and the
 * health stage of each target as the class label.
 */
public final class WindowExamples implements TrainingExamples {
    private final WindowSet windows;
    private final float rulScale;
    private final int[] stages;

    public WindowExamples(WindowSet windows, float rulScale, HealthStage.Thresholds thresholds) {
        this.windows = windows;
        this.rulScale = rulScale;
        this.stages = HealthStage.labels(windows.rulTargets(), thresholds);
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
        int stride = windows.length() * windows.channels();
        float[] x = new float[indices.length * stride];
        float[] rul = new float[indices.length];
        long[] stage = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int n = indices[i];
            System.arraycopy(windows.values(), n * stride, x, i * stride, stride);
            rul[i] = windows.rulTargets()[n] / rulScale;
            stage[i] = stages[n];
        }
        return Batch.windows(manager.create(x, new Shape(indices.length, windows.length(), windows.channels())),
                manager.create(rul), manager.create(stage));
    }
}
