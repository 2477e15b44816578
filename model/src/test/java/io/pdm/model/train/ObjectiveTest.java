package io.pdm.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ObjectiveTest {
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void tokenCrossEntropyAveragesOverUnmaskedPositionsOnly() {
        // Two positions, vocabulary 3; the second position is padding.
        float[] logits = {1, 2, 3, 5, 0, 0};
        double expected = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
        float loss = Objective.tokenCrossEntropy(
                        manager.create(logits, new Shape(1, 2, 3)),
                        manager.create(new long[] {2, 0}, new Shape(1, 2)),
                        manager.create(new float[] {1, 0}, new Shape(1, 2)))
                .getFloat();
        assertThat(loss).isCloseTo((float) expected, within(1e-5f));
    }

    @Test
    void weightedObjectivesAddUp() {
        float[] rul = {0.5f, 0.25f};
        float[] logits = {0, 0, 0, 2, 0, 0};
        var out = new io.pdm.model.nn.ModelOutput(manager.create(rul), manager.create(logits, new Shape(2, 3)), null);
        var batch = Batch.windows(null, manager.create(new float[] {0.5f, 0.75f}), manager.create(new long[] {1, 0}));
        double mse = (0 + 0.25) / 2;
        double ce = (Math.log(3) + (Math.log(Math.exp(2) + 2) - 2)) / 2;
        float loss = new Objective(new LossWeights(2, 0.5, 0)).loss(out, batch).getFloat();
        assertThat(loss).isCloseTo((float) (2 * mse + 0.5 * ce), within(1e-5f));
    }
}
