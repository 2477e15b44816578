package io.pdm.model.cmapss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.data.HealthStage;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.train.Batch;
import org.junit.jupiter.api.Test;

class WindowExamplesTest {
    private static final int COUNT = 40;
    private static final int LENGTH = 10;
    private static final int CHANNELS = 3;

    /** Window i holds the constant i, so a batch shows which windows it took. */
    private static WindowSet windows() {
        float[] values = new float[COUNT * LENGTH * CHANNELS];
        float[] targets = new float[COUNT];
        for (int i = 0; i < COUNT; i++) {
            java.util.Arrays.fill(values, i * LENGTH * CHANNELS, (i + 1) * LENGTH * CHANNELS, i);
            targets[i] = 3 * i;
        }
        return new WindowSet(COUNT, LENGTH, CHANNELS, values, targets, new int[COUNT], new int[COUNT]);
    }

    @Test
    void withoutNoiseABatchIsTheSelectedWindowsAndScaledTargets() {
        WindowExamples examples = new WindowExamples(windows(), 120f, HealthStage.Thresholds.DEFAULT);
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch batch = examples.batch(manager, new int[] {5, 0, 39});

            assertThat(batch.sensors().getShape()).isEqualTo(new Shape(3, LENGTH, CHANNELS));
            float[] x = batch.sensors().toFloatArray();
            assertThat(x[0]).isEqualTo(5f);
            assertThat(x[LENGTH * CHANNELS]).isEqualTo(0f);
            assertThat(x[x.length - 1]).isEqualTo(39f);
            assertThat(batch.rulTargets().toFloatArray()).containsExactly(15f / 120, 0f, 117f / 120);
        }
    }

    @Test
    void noiseHasTheRequestedSpreadAndLeavesShapesAndTargetsAlone() {
        WindowExamples examples = new WindowExamples(windows(), 120f, HealthStage.Thresholds.DEFAULT, 0.5f, 7);
        int[] all = java.util.stream.IntStream.range(0, COUNT).toArray();
        float[] x = examples.inputs(all);

        assertThat(x).hasSize(COUNT * LENGTH * CHANNELS);
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < x.length; i++) {
            double noise = x[i] - i / (LENGTH * CHANNELS);
            sum += noise;
            squares += noise * noise;
        }
        double mean = sum / x.length;
        assertThat(mean).isCloseTo(0, within(0.05));
        assertThat(Math.sqrt(squares / x.length - mean * mean)).isCloseTo(0.5, within(0.05));
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch batch = examples.batch(manager, new int[] {1, 2});
            assertThat(batch.sensors().getShape()).isEqualTo(new Shape(2, LENGTH, CHANNELS));
            assertThat(batch.rulTargets().toFloatArray()).containsExactly(3f / 120, 6f / 120);
        }
    }

    @Test
    void noiseIsSeededAndFreshForEveryBatch() {
        int[] indices = {3, 4};
        WindowExamples first = new WindowExamples(windows(), 120f, HealthStage.Thresholds.DEFAULT, 0.1f, 42);
        WindowExamples second = new WindowExamples(windows(), 120f, HealthStage.Thresholds.DEFAULT, 0.1f, 42);
        WindowExamples otherSeed = new WindowExamples(windows(), 120f, HealthStage.Thresholds.DEFAULT, 0.1f, 43);

        float[] a = first.inputs(indices);
        assertThat(second.inputs(indices)).containsExactly(a);
        assertThat(otherSeed.inputs(indices)).isNotEqualTo(a);
        assertThat(first.inputs(indices)).isNotEqualTo(a);
    }

    @Test
    void rejectsNegativeNoise() {
        assertThatThrownBy(() -> new WindowExamples(windows(), 120f, HealthStage.Thresholds.DEFAULT, -0.1f, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
