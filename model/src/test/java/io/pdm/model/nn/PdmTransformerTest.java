package io.pdm.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.lora.LoraConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PdmTransformerTest {
    private static final LoraConfig LORA = new LoraConfig(4, 8, 0, List.of("q_proj", "k_proj", "v_proj", "o_proj"),
            List.of("rul_head"), "test");
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
            ModelOutput out = model.forward(window(2, 8, 3), manager.create(new long[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3)), null, false);
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
            float[] withText = model.forward(w, tokens(5, 6, 7), null, false).rul().toFloatArray();
            assertThat(withText[0]).isCloseTo(alone[0], within(1e-6f));
        }
    }

    @Test
    void kvCacheGivesTheSameLogitsAsRecomputing() {
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 2)) {
            NDArray w = window(1, 8, 3);
            long[] ids = {3, 14, 15, 9, 26, 5};
            float[] full = model.forward(w, tokens(ids), null, false).tokenLogits().toFloatArray();
            try (KvCache cache = new KvCache(2)) {
                float[] first = model.forward(w, tokens(ids[0], ids[1]), cache, false).tokenLogits().toFloatArray();
                assertThat(first).containsExactly(java.util.Arrays.copyOf(full, 80), within(1e-5f));
                for (int i = 2; i < ids.length; i++) {
                    float[] step = model.forward(null, tokens(ids[i]), cache, false).tokenLogits().toFloatArray();
                    assertThat(step).containsExactly(java.util.Arrays.copyOfRange(full, i * 40, (i + 1) * 40), within(1e-5f));
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
                    .containsExactly(TextGenerator.generate(model, w, prompt, new TextGenerator.Sampling(12, 0, 0, 0, -1, false)));
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
            Map<String, float[]> tensors = randomAdapter(model);
            model.attachLora(LORA, tensors);
            NDArray w = window(2, 8, 3);
            float[] adapted = model.forward(w, null, null, false).rul().toFloatArray();

            model.mergeLora();
            float[] merged = model.baseWeights().get(LlamaNames.weight(q)).toFloatArray();
            float[] a = tensors.get(LoraLayers.loraA(q));
            float[] b = tensors.get(LoraLayers.loraB(q));
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
            assertThat(model.forward(w, null, null, false).rul().toFloatArray()).containsExactly(adapted, within(1e-5f));

            model.unmergeLora();
            assertThat(model.baseWeights().get(LlamaNames.weight(q)).toFloatArray()).containsExactly(base, within(1e-6f));
            assertThat(model.forward(w, null, null, false).rul().toFloatArray()).containsExactly(adapted, within(1e-5f));
        }
    }

    @Test
    void loadingAnAdapterIntoAFreshModelReproducesItsOutputs() {
        Map<String, float[]> tensors;
        float[] expected;
        NDArray w = window(2, 8, 3);
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 7)) {
            tensors = randomAdapter(model);
            model.attachLora(LORA, tensors);
            expected = model.forward(w, null, null, false).rul().toFloatArray();
            Map<String, float[]> saved = new HashMap<>();
            model.lora().tensors().forEach((name, t) -> saved.put(name, t.toFloatArray()));
            tensors = saved;
        }
        try (PdmTransformer fresh = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 7)) {
            fresh.attachLora(LORA, tensors);
            assertThat(fresh.forward(w, null, null, false).rul().toFloatArray()).containsExactly(expected);
        }
    }

    @Test
    void adapterTensorsMustFitTheModel() {
        try (PdmTransformer model = PdmTransformer.initialize(TestModels.sensorAndText(), manager, 8)) {
            Map<String, float[]> tensors = randomAdapter(model);
            tensors.put(LoraLayers.loraA(LlamaNames.projection(0, "q_proj")), new float[3]);
            assertThatThrownBy(() -> model.attachLora(LORA, tensors))
                    .hasMessageContaining("model.layers.0.self_attn.q_proj.lora_A.weight has 3 values");
        }
    }

    /** An adapter with non-zero A and B so it changes the model. */
    private Map<String, float[]> randomAdapter(PdmTransformer model) {
        Map<String, float[]> tensors = new HashMap<>();
        model.attachLora(LORA, 1).tensors().forEach((name, t) -> {
            float[] v = new float[Math.toIntExact(t.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextGaussian() * 0.1f;
            }
            tensors.put(name, v);
        });
        model.detachLora();
        return tensors;
    }
}
