package io.pdm.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.io.Safetensors;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TextGenerator;
import io.pdm.model.nn.TransformerShape;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {
    private final NDManager manager = NDManager.newBaseManager();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        manager.close();
    }

    /**
     * A user's Llama checkpoint as transformers writes it: no pdm section, untied lm_head, grouped-query
     * attention, keys this platform does not model, a legacy rotary buffer, and two shards with an index.
     */
    private void writeUserLlama(Path target) throws IOException {
        Files.createDirectories(target);
        Files.writeString(target.resolve("config.json"), """
                {"architectures": ["LlamaForCausalLM"], "attention_bias": false, "bos_token_id": 1, "eos_token_id": 2,
                 "hidden_act": "silu", "hidden_size": 16, "initializer_range": 0.02, "intermediate_size": 40,
                 "max_position_embeddings": 64, "model_type": "llama", "num_attention_heads": 4, "num_hidden_layers": 2,
                 "num_key_value_heads": 2, "pretraining_tp": 1, "rms_norm_eps": 1e-05, "rope_scaling": null,
                 "rope_theta": 10000.0, "tie_word_embeddings": false, "torch_dtype": "float32",
                 "transformers_version": "4.46.0", "use_cache": true, "vocab_size": 50}
                """);
        Random random = new Random(11);
        TransformerShape shape = TransformerShape.of(ModelConfig.read(target.resolve("config.json")));
        TensorDict.Builder first = TensorDict.builder();
        TensorDict.Builder second = TensorDict.builder();
        PdmTransformer.expectedShapes(shape).forEach((name, s) -> {
            float[] v = new float[Math.toIntExact(s.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (random.nextGaussian() * 0.2 + (name.endsWith("norm.weight") ? 1 : 0));
            }
            (name.contains("layers.1") ? second : first).put(name, v, s.getShape());
        });
        first.put("model.layers.0.self_attn.rotary_emb.inv_freq", new float[2], 2);
        Safetensors.write(target.resolve("model-00001-of-00002.safetensors"), first.build(), Map.of("format", "pt"));
        Safetensors.write(target.resolve("model-00002-of-00002.safetensors"), second.build(), Map.of("format", "pt"));
        StringBuilder index = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
        String separator = "";
        for (String name : PdmTransformer.expectedShapes(shape).keySet()) {
            index.append(separator)
                    .append('"')
                    .append(name)
                    .append("\": \"model-0000")
                    .append(name.contains("layers.1") ? 2 : 1)
                    .append("-of-00002.safetensors\"");
            separator = ", ";
        }
        Files.writeString(
                target.resolve("model.safetensors.index.json"),
                index.append("}}").toString());
    }

    @Test
    void aUsersShardedLlamaCheckpointLoadsAndGenerates() throws IOException {
        Path llama = dir.resolve("llama");
        writeUserLlama(llama);
        try (PdmTransformer model = ModelCheckpoint.load(llama, manager)) {
            assertThat(model.shape().hasSensors()).isFalse();
            assertThat(model.shape().kvGroups()).isEqualTo(2);
            TensorDict files = ModelCheckpoint.readTensors(llama);
            assertThat(model.baseWeights().get("lm_head.weight").toFloatArray())
                    .containsExactly(files.get("lm_head.weight").data());
            int[] tokens =
                    TextGenerator.generate(model, null, new int[] {1, 7, 9}, TextGenerator.Sampling.greedy(10, 2));
            assertThat(java.util.Arrays.stream(tokens).boxed().toList())
                    .allSatisfy(t -> assertThat(t).isBetween(0, 49));
            float[] logits = model.forward(null, manager.create(new long[] {1, 7, 9}, new Shape(1, 3)), null, false)
                    .tokenLogits()
                    .toFloatArray();
            assertThat(logits).hasSize(3 * 50).doesNotContain(Float.NaN);
        }
    }

    @Test
    void savedModelsLoadWithIdenticalOutputs() throws IOException {
        Path llama = dir.resolve("llama");
        writeUserLlama(llama);
        Path copy = dir.resolve("copy");
        long[] ids = {3, 4, 5, 6};
        try (PdmTransformer model = ModelCheckpoint.load(llama, manager)) {
            ModelCheckpoint.save(model, ModelCheckpoint.readConfig(llama), copy);
            float[] expected = model.forward(null, manager.create(ids, new Shape(1, 4)), null, false)
                    .tokenLogits()
                    .toFloatArray();
            try (PdmTransformer loaded = ModelCheckpoint.load(copy, manager)) {
                assertThat(loaded.forward(null, manager.create(ids, new Shape(1, 4)), null, false)
                                .tokenLogits()
                                .toFloatArray())
                        .containsExactly(expected);
            }
        }
        assertThat(ModelCheckpoint.readConfig(copy).extra()).containsKeys("hidden_act", "transformers_version");
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        Path llama = dir.resolve("llama");
        writeUserLlama(llama);
        Files.delete(llama.resolve("model-00002-of-00002.safetensors"));
        assertThatThrownBy(() -> ModelCheckpoint.load(llama, manager))
                .hasMessageContaining("model-00002-of-00002.safetensors");
        Files.writeString(
                llama.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"model.norm.weight\": \"model-00001-of-00002.safetensors\"}}");
        assertThatThrownBy(() -> ModelCheckpoint.load(llama, manager))
                .hasMessage("checkpoint has no tensor model.layers.1.input_layernorm.weight");
    }

    @Test
    void theBaseHashFollowsTheWeights() throws IOException {
        Path llama = dir.resolve("llama");
        writeUserLlama(llama);
        String before = ModelCheckpoint.baseHash(llama);
        assertThat(before).hasSize(64).isEqualTo(ModelCheckpoint.baseHash(llama));
        Path file = llama.resolve("model-00002-of-00002.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        assertThat(ModelCheckpoint.baseHash(llama)).isNotEqualTo(before);
    }
}
