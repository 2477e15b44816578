package io.pdm.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeightAverageTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void theAverageLagsTheWeightsWithAWarmUpDecay() {
        NDArray w = manager.create(new float[] {0f, 0f});
        Map<String, NDArray> parameters = Map.of("w", w);
        try (WeightAverage average = new WeightAverage(parameters, 0.99f)) {
            w.set(new float[] {10f, -10f});
            average.update(); // decay min(0.99, 2/11): 0 · 2/11 + 10 · 9/11
            assertThat(average.values().get("w")[0]).isCloseTo(10f * 9 / 11, within(1e-4f));
            w.set(new float[] {0f, 0f});
            average.update(); // decay 3/12
            assertThat(average.values().get("w")[1]).isCloseTo(-10f * 9 / 11 * 3 / 12, within(1e-4f));
        }
    }

    @Test
    void scoringSeesTheAverageAndPutsTheTrainedWeightsBack() {
        NDArray w = manager.create(new float[] {0f});
        w.setRequiresGradient(true);
        Map<String, NDArray> parameters = Map.of("w", w);
        try (WeightAverage average = new WeightAverage(parameters, 0.5f)) {
            w.setRequiresGradient(false);
            w.set(new float[] {4f});
            w.setRequiresGradient(true);
            average.update(); // decay min(0.5, 2/11)
            double seen = average.score(model -> w.toFloatArray()[0], null);
            assertThat(seen).isCloseTo(4.0 * 9 / 11, within(1e-5));
            assertThat(w.toFloatArray()).containsExactly(4f);
            assertThat(w.hasGradient()).isTrue();
        }
    }
}
