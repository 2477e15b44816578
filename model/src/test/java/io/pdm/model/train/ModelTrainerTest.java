package io.pdm.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TestModels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelTrainerTest {
    private static final int CYCLES = 8;
    private static final int CHANNELS = 3;
    private final NDManager manager = NDManager.newBaseManager();

    @AfterEach
    void close() {
        manager.close();
    }

    /** Windows whose target is a smooth function of channel 0's trend, so a model can learn it. */
    record SyntheticWindows(float[] values, float[] targets) implements TrainingExamples {
        static SyntheticWindows generate(int count, long seed) {
            Random random = new Random(seed);
            float[] values = new float[count * CYCLES * CHANNELS];
            float[] targets = new float[count];
            for (int n = 0; n < count; n++) {
                double slope = random.nextDouble() * 2 - 1;
                for (int t = 0; t < CYCLES; t++) {
                    for (int c = 0; c < CHANNELS; c++) {
                        double noise = random.nextGaussian() * 0.1;
                        values[(n * CYCLES + t) * CHANNELS + c] = (float) ((c == 0 ? slope * t / CYCLES : 0) + noise);
                    }
                }
                targets[n] = (float) (0.5 + 0.4 * slope);
            }
            return new SyntheticWindows(values, targets);
        }

        @Override
        public int size() {
            return targets.length;
        }

        @Override
        public Batch batch(NDManager manager, int[] indices) {
            int stride = CYCLES * CHANNELS;
            float[] x = new float[indices.length * stride];
            float[] y = new float[indices.length];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(values, indices[i] * stride, x, i * stride, stride);
                y[i] = targets[indices[i]];
            }
            return Batch.windows(
                    manager.create(x, new Shape(indices.length, CYCLES, CHANNELS)), manager.create(y), null);
        }
    }

    private static final TrainingOptions SHORT =
            new TrainingOptions(6, 32, 3e-3f, 0.01f, 0.1, 0.1f, 1f, 0, 0f, 5, null);

    @Test
    void trainingReducesTheLoss() {
        SyntheticWindows data = SyntheticWindows.generate(512, 1);
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorOnly(CHANNELS, 2), manager, 1)) {
            ModelTrainer.Result result = ModelTrainer.train(
                    model, data, new Objective(LossWeights.rulOnly()), SHORT, null, TrainingMonitor.SILENT);
            double first = result.epochs().get(0).trainLoss();
            double last = result.epochs().get(result.epochs().size() - 1).trainLoss();
            assertThat(last).isLessThan(first / 3);
            assertThat(result.examplesPerSecond()).isPositive();
        }
    }

    @Test
    void withAWeightAverageTheRunKeepsTheAveragedWeightsOfTheBestEpoch() {
        SyntheticWindows data = SyntheticWindows.generate(128, 6);
        SyntheticWindows held = SyntheticWindows.generate(32, 7);
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorOnly(CHANNELS, 2), manager, 6)) {
            ToDoubleFunction<PdmTransformer> validation = m -> validationLoss(m, held);
            ModelTrainer.Result result = ModelTrainer.train(
                    model,
                    data,
                    new Objective(LossWeights.rulOnly()),
                    SHORT.withEpochs(2).withAverageDecay(0.9f),
                    validation,
                    TrainingMonitor.SILENT);

            assertThat(validation.applyAsDouble(model)).isCloseTo(result.bestScore(), within(1e-6));
            assertThat(result.epochs())
                    .allSatisfy(e -> assertThat(e.validationScore()).isFinite());
        }
    }

    /** Mean squared RUL error on {@code held}. */
    static double validationLoss(PdmTransformer model, SyntheticWindows held) {
        int[] all = IntStream.range(0, held.size()).toArray();
        try (ai.djl.ndarray.NDScope scope = new NDScope()) {
            Batch batch = held.batch(model.manager(), all);
            return model.forward(batch.sensors(), null, null, false)
                    .rul()
                    .sub(batch.rulTargets())
                    .square()
                    .mean()
                    .getFloat();
        }
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        SyntheticWindows data = SyntheticWindows.generate(128, 2);
        Map<String, float[]> first = trainAndRead(data, 9);
        Map<String, float[]> second = trainAndRead(data, 9);
        assertThat(second.keySet()).isEqualTo(first.keySet());
        first.forEach((name, values) -> assertThat(second.get(name)).as(name).containsExactly(values));
    }

    private Map<String, float[]> trainAndRead(SyntheticWindows data, long seed) {
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorOnly(CHANNELS, 2), manager, seed)) {
            ModelTrainer.train(
                    model,
                    data,
                    new Objective(LossWeights.rulOnly()),
                    SHORT.withEpochs(2).withSeed(seed),
                    null,
                    TrainingMonitor.SILENT);
            Map<String, float[]> weights = new HashMap<>();
            model.baseWeights().forEach((name, w) -> weights.put(name, w.toFloatArray()));
            return weights;
        }
    }

    @Test
    void loraTrainingLeavesTheFrozenBaseUntouched() {
        SyntheticWindows data = SyntheticWindows.generate(128, 3);
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorOnly(CHANNELS, 2), manager, 3)) {
            Map<String, float[]> base = new HashMap<>();
            model.baseWeights().forEach((name, w) -> base.put(name, w.toFloatArray()));
            model.attachLora(
                    LoraConfig.of(4, 8, 0.1, "test")
                            .withTargetModules(List.of("q_proj", "v_proj"))
                            .withModulesToSave(List.of("rul_head")),
                    4);
            Map<String, float[]> adapterBefore = new HashMap<>();
            model.lora().tensors().forEach((name, w) -> adapterBefore.put(name, w.toFloatArray()));

            ModelTrainer.train(
                    model,
                    data,
                    new Objective(LossWeights.rulOnly()),
                    SHORT.withEpochs(2),
                    null,
                    TrainingMonitor.SILENT);

            model.baseWeights().forEach((name, w) -> {
                assertThat(w.hasGradient()).as(name).isFalse();
                assertThat(w.toFloatArray()).as(name).containsExactly(base.get(name));
            });
            assertThat(model.lora().tensors())
                    .allSatisfy(
                            (name, w) -> assertThat(w.toFloatArray()).as(name).isNotEqualTo(adapterBefore.get(name)));
        }
    }

    @Test
    void aStepWithANonFiniteLossIsSkippedAndTheWeightsStayFinite() {
        SyntheticWindows clean = SyntheticWindows.generate(64, 5);
        float[] values = clean.values().clone();
        values[7] = Float.NaN; // window 0 poisons every batch it is in
        SyntheticWindows poisoned = new SyntheticWindows(values, clean.targets());
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorOnly(CHANNELS, 2), manager, 5)) {
            ModelTrainer.Result result = ModelTrainer.train(
                    model,
                    poisoned,
                    new Objective(LossWeights.rulOnly()),
                    SHORT.withEpochs(3),
                    null,
                    TrainingMonitor.SILENT);
            assertThat(result.skippedSteps()).isEqualTo(3);
            assertThat(result.epochs())
                    .allSatisfy(e -> assertThat(e.trainLoss()).isFinite());
            model.baseWeights().forEach((name, w) -> {
                for (float v : w.toFloatArray()) {
                    assertThat(v).as(name).isFinite();
                }
            });
        }
    }

    @Test
    void earlyStoppingRestoresTheBestEpoch() {
        SyntheticWindows data = SyntheticWindows.generate(128, 4);
        float[] probe = SyntheticWindows.generate(1, 99).values();
        Map<Integer, Float> predictionAfterEpoch = new HashMap<>();
        int[] epoch = {0};
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorOnly(CHANNELS, 2), manager, 4)) {
            // A validation score that is best at epoch 2, then worse: training stops after patience 2.
            double[] scores = {5, 1, 3, 4, 6, 7};
            ModelTrainer.Result result = ModelTrainer.train(
                    model,
                    data,
                    new Objective(LossWeights.rulOnly()),
                    SHORT.withPatience(2),
                    m -> {
                        predictionAfterEpoch.put(epoch[0] + 1, predict(m, probe));
                        return scores[epoch[0]++];
                    },
                    TrainingMonitor.SILENT);
            assertThat(result.bestEpoch()).isEqualTo(2);
            assertThat(result.epochs()).hasSize(4);
            assertThat(predict(model, probe)).isEqualTo(predictionAfterEpoch.get(2));
        }
    }

    private float predict(PdmTransformer model, float[] window) {
        NDArray x = manager.create(window, new Shape(1, CYCLES, CHANNELS));
        return model.forward(x, null, null, false).rul().toFloatArray()[0];
    }
}
