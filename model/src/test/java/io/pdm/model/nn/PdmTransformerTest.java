package io.pdm.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PdmTransformerTest {
    private static final LoraConfig LORA = LoraConfig.of(4, 8, 0, "test").withModulesToSave(List.of("rul_head"));
    private final NDManager manager = NDManager.newBaseManager();
    private final Random random = new Random(3);

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray window(int batch, int cycles, int channels) {
        float[] v = new float[batch * cycles * channels];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return manager.create(v, new Shape(batch, cycles, channels));
    }

    private NDArray tokens(long... ids) {
        return manager.create(ids, new Shape(1, ids.length));
    }

    @Test
    void headsHaveTheExpectedShapes() {
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 1)) {
            ModelOutput out = model.forward(
                    window(2, 8, 3), manager.create(new long[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)), null, false);
            assertThat(out.rul().getShape()).isEqualTo(new Shape(2));
            assertThat(out.classLogits().getShape()).isEqualTo(new Shape(2, 3));
            assertThat(out.tokenLogits().getShape()).isEqualTo(new Shape(2, 3, 40));
        }
    }

    @Test
    void textDoesNotChangeTheSensorReadout() {
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 1)) {
            NDArray w = window(1, 8, 3);
            float[] alone = model.forward(w, null, null, false).rul().toFloatArray();
            float[] withText =
                    model.forward(w, tokens(5, 6, 7), null, false).rul().toFloatArray();
            assertThat(withText[0]).isCloseTo(alone[0], within(1e-6f));
        }
    }

    @Test
    void kvCacheGivesTheSameLogitsAsRecomputing() {
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 2)) {
            NDArray w = window(1, 8, 3);
            long[] ids = {3, 14, 15, 9, 26, 5};
            float[] full =
                    model.forward(w, tokens(ids), null, false).tokenLogits().toFloatArray();
            try (KvCache cache = new KvCache(2)) {
                float[] first = model.forward(w, tokens(ids[0], ids[1]), cache, false)
                        .tokenLogits()
                        .toFloatArray();
                assertThat(first).containsExactly(java.util.Arrays.copyOf(full, 80), within(1e-5f));
                for (int i = 2; i < ids.length; i++) {
                    float[] step = model.forward(null, tokens(ids[i]), cache, false)
                            .tokenLogits()
                            .toFloatArray();
                    assertThat(step)
                            .containsExactly(java.util.Arrays.copyOfRange(full, i * 40, (i + 1) * 40), within(1e-5f));
                }
                assertThat(cache.length()).isEqualTo(4 + ids.length);
            }
        }
    }

    @Test
    void generationIsDeterministicAndTheCacheChangesNothing() {
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 4)) {
            NDArray w = window(1, 8, 3);
            int[] prompt = {1, 2, 3};
            TextGenerator.Sampling cached = new TextGenerator.Sampling(12, 0.8, 10, 99, -1, true);
            TextGenerator.Sampling recomputed = new TextGenerator.Sampling(12, 0.8, 10, 99, -1, false);
            int[] a = TextGenerator.generate(model, w, prompt, cached);
            assertThat(a).hasSize(12);
            assertThat(TextGenerator.generate(model, w, prompt, cached)).containsExactly(a);
            assertThat(TextGenerator.generate(model, w, prompt, recomputed)).containsExactly(a);
            assertThat(TextGenerator.generate(model, w, prompt, TextGenerator.Sampling.greedy(12, -1)))
                    .containsExactly(TextGenerator.generate(
                            model, w, prompt, new TextGenerator.Sampling(12, 0, 0, 0, -1, false)));
        }
    }

    @Test
    void aFreshAdapterChangesNothing() {
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 5)) {
            NDArray w = window(2, 8, 3);
            float[] before = model.forward(w, null, null, false).rul().toFloatArray();
            model.attachLora(LORA, 11);
            assertThat(model.forward(w, null, null, false).rul().toFloatArray()).containsExactly(before, within(1e-6f));
        }
    }

    @Test
    void mergedWeightIsBasePlusScaledBTimesA() {
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 6)) {
            String q = LlamaNames.projection(1, "q_proj");
            float[] base = model.baseWeights().get(LlamaNames.weight(q)).toFloatArray();
            PeftAdapter adapter = randomAdapter(model);
            model.attachLora(adapter);
            NDArray w = window(2, 8, 3);
            float[] adapted = model.forward(w, null, null, false).rul().toFloatArray();

            model.mergeLora();
            float[] merged = model.baseWeights().get(LlamaNames.weight(q)).toFloatArray();
            float[] a = adapter.weights().get(LoraLayers.loraA(q)).data();
            float[] b = adapter.weights().get(LoraLayers.loraB(q)).data();
            int out = 32;
            int in = 32;
            int r = 4;
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    double ba = 0;
                    for (int k = 0; k < r; k++) {
                        ba += b[o * r + k] * a[k * in + i];
                    }
                    assertThat(merged[o * in + i]).isCloseTo((float) (base[o * in + i] + 2.0 * ba), within(1e-5f));
                }
            }
            assertThat(model.forward(w, null, null, false).rul().toFloatArray())
                    .containsExactly(adapted, within(1e-5f));

            model.unmergeLora();
            assertThat(model.baseWeights().get(LlamaNames.weight(q)).toFloatArray())
                    .containsExactly(base, within(1e-6f));
            assertThat(model.forward(w, null, null, false).rul().toFloatArray())
                    .containsExactly(adapted, within(1e-5f));
        }
    }

    @Test
    void loadingAnAdapterIntoAFreshModelReproducesItsOutputs() {
        PeftAdapter saved;
        float[] expected;
        NDArray w = window(2, 8, 3);
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 7)) {
            model.attachLora(randomAdapter(model));
            expected = model.forward(w, null, null, false).rul().toFloatArray();
            saved = model.lora().toPeft();
        }
        try (PdmTransformer fresh = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 7)) {
            fresh.attachLora(saved);
            assertThat(fresh.forward(w, null, null, false).rul().toFloatArray()).containsExactly(expected);
        }
    }

    @Test
    void adapterTensorsMustFitTheModel() {
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 8)) {
            PeftAdapter adapter = randomAdapter(model);
            String name = LoraLayers.loraA(LlamaNames.projection(0, "q_proj"));
            TensorDict wrongShape = adapter.weights()
                    .filter(n -> !n.equals(name))
                    .merge(TensorDict.builder()
                            .put(name, new float[4 * 16], 4, 16)
                            .build());
            assertThatThrownBy(() -> model.attachLora(new PeftAdapter(LORA, wrongShape)))
                    .hasMessageContaining("adapter tensor " + name + " has shape (4, 16), the model expects (4, 32)");
        }
    }

    @Test
    void loraOnTheMlpProjectionsAdaptsThemAndSurvivesMergeAndReload() {
        // The federated bench's m8/m16 settings put LoRA on gate/up/down too; the served model must apply them.
        LoraConfig mlp = LORA.withTargetModules(List.of("gate_proj", "up_proj", "down_proj"));
        NDArray w = window(2, 8, 3);
        PeftAdapter saved;
        float[] adapted;
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 9)) {
            float[] base = model.forward(w, null, null, false).rul().toFloatArray();
            PeftAdapter adapter = randomAdapter(model, mlp);
            for (int layer = 0; layer < 2; layer++) {
                String gate = LlamaNames.projection(layer, "gate_proj");
                String down = LlamaNames.projection(layer, "down_proj");
                assertThat(adapter.weights().get(LoraLayers.loraA(gate)).shape())
                        .containsExactly(4L, 32L);
                assertThat(adapter.weights().get(LoraLayers.loraB(gate)).shape())
                        .containsExactly(64L, 4L);
                assertThat(adapter.weights().get(LoraLayers.loraA(down)).shape())
                        .containsExactly(4L, 64L);
                assertThat(adapter.weights().get(LoraLayers.loraB(down)).shape())
                        .containsExactly(32L, 4L);
                assertThat(adapter.weights().names())
                        .contains(LoraLayers.loraA(LlamaNames.projection(layer, "up_proj")))
                        .doesNotContain(LoraLayers.loraA(LlamaNames.projection(layer, "q_proj")));
            }
            model.attachLora(adapter);
            adapted = model.forward(w, null, null, false).rul().toFloatArray();
            assertThat(maxAbsDifference(adapted, base)).isGreaterThan(1e-3f);

            model.mergeLora();
            assertThat(model.forward(w, null, null, false).rul().toFloatArray())
                    .containsExactly(adapted, within(1e-5f));
            model.unmergeLora();
            saved = model.lora().toPeft();
        }
        try (PdmTransformer fresh = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 9)) {
            fresh.attachLora(saved);
            assertThat(fresh.forward(w, null, null, false).rul().toFloatArray()).containsExactly(adapted);
        }
    }

    private static float maxAbsDifference(float[] a, float[] b) {
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private PeftAdapter randomAdapter(PdmTransformer model) {
        return randomAdapter(model, LORA);
    }

    /** An adapter with non-zero A and B so it changes the model. */
    private PeftAdapter randomAdapter(PdmTransformer model, LoraConfig config) {
        TensorDict.Builder tensors = TensorDict.builder();
        model.attachLora(config, 1).tensors().forEach((name, t) -> {
            float[] v = new float[Math.toIntExact(t.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian() * 0.1f;
            }
            tensors.put(name, v, t.getShape().getShape());
        });
        model.detachLora();
        return new PeftAdapter(config, tensors.build());
    }
}
