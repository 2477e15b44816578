package io.pdm.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.model.io.HuggingFaceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelConfigTest {
    private static final ObjectMapper JSON = HuggingFaceJson.mapper();

    /** TinyLlama-1.1B-Chat-v1.0's config.json as published. */
    private static final String TINY_LLAMA = """
            {
              "architectures": [
                "LlamaForCausalLM"
              ],
              "attention_bias": false,
              "bos_token_id": 1,
              "eos_token_id": 2,
              "hidden_act": "silu",
              "hidden_size": 2048,
              "initializer_range": 0.02,
              "intermediate_size": 5632,
              "max_position_embeddings": 2048,
              "model_type": "llama",
              "num_attention_heads": 32,
              "num_hidden_layers": 22,
              "num_key_value_heads": 4,
              "pretraining_tp": 1,
              "rms_norm_eps": 1e-05,
              "rope_scaling": null,
              "rope_theta": 10000.0,
              "tie_word_embeddings": false,
              "torch_dtype": "bfloat16",
              "transformers_version": "4.35.0",
              "use_cache": true,
              "vocab_size": 32000
            }
            """;

    private static final String MINIMAL = """
            {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
             "vocab_size": 300, "max_position_embeddings": 128}""";

    private static final SensorConfig SENSORS = new SensorConfig(
            16, 21, 32, 3, List.of("healthy", "degrading", "critical"), 125, SensorConfig.Tokenizer.BYTE, 0.1);

    @Test
    void readsARealLlamaConfig() throws IOException {
        ModelConfig config = JSON.readValue(TINY_LLAMA, ModelConfig.class);

        assertThat(config.architectures()).containsExactly("LlamaForCausalLM");
        assertThat(config.modelType()).isEqualTo("llama");
        assertThat(config.hiddenSize()).isEqualTo(2048);
        assertThat(config.intermediateSize()).isEqualTo(5632);
        assertThat(config.numHiddenLayers()).isEqualTo(22);
        assertThat(config.numAttentionHeads()).isEqualTo(32);
        assertThat(config.numKeyValueHeads()).isEqualTo(4);
        assertThat(config.headDim()).isEqualTo(64);
        assertThat(config.rmsNormEps()).isEqualTo(1e-5);
        assertThat(config.ropeTheta()).isEqualTo(10000.0);
        assertThat(config.vocabSize()).isEqualTo(32000);
        assertThat(config.maxPositionEmbeddings()).isEqualTo(2048);
        assertThat(config.tieWordEmbeddings()).isFalse();
        assertThat(config.bosTokenId()).isEqualTo(1);
        assertThat(config.eosTokenIds()).containsExactly(2);
        assertThat(config.padTokenId()).isNull();
        assertThat(config.torchDtype()).isEqualTo("bfloat16");
        assertThat(config.pdm()).isNull();
        assertThat(config.extra())
                .containsOnlyKeys(
                        "attention_bias",
                        "hidden_act",
                        "initializer_range",
                        "pretraining_tp",
                        "rope_scaling",
                        "transformers_version",
                        "use_cache")
                .containsEntry("hidden_act", "silu")
                .containsEntry("rope_scaling", null);
    }

    @Test
    void writingKeepsEveryKeySortedInPythonStyle(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, TINY_LLAMA);

        ModelConfig.read(file).write(file);

        JsonNode original = JSON.readTree(TINY_LLAMA);
        JsonNode written = JSON.readTree(file.toFile());
        List<String> writtenKeys = new ArrayList<>();
        written.fieldNames().forEachRemaining(writtenKeys::add);
        assertThat(writtenKeys).isSorted();
        original.fields()
                .forEachRemaining(field -> assertThat(written.get(field.getKey()))
                        .as(field.getKey())
                        .isEqualTo(field.getValue()));
        assertThat(writtenKeys).hasSize(original.size() + 1).contains("head_dim");
        assertThat(Files.readString(file))
                .startsWith("{\n  \"architectures\": [\n    \"LlamaForCausalLM\"\n  ],\n")
                .contains("\n  \"rope_scaling\": null,\n")
                .endsWith("\n}\n");
        assertThat(ModelConfig.read(file)).isEqualTo(JSON.readValue(TINY_LLAMA, ModelConfig.class));
    }

    @Test
    void absentKeysTakeLlamaDefaults() throws IOException {
        ModelConfig config = JSON.readValue(MINIMAL, ModelConfig.class);

        assertThat(config.architectures()).isEqualTo(ModelConfig.DEFAULT_ARCHITECTURES);
        assertThat(config.modelType()).isEqualTo("llama");
        assertThat(config.numKeyValueHeads()).isEqualTo(4);
        assertThat(config.headDim()).isEqualTo(16);
        assertThat(config.ropeTheta()).isEqualTo(10_000);
        assertThat(config.rmsNormEps()).isEqualTo(1e-6);
        assertThat(config.torchDtype()).isEqualTo("float32");
        assertThat(config.eosTokenIds()).isEmpty();
        assertThat(config.extra()).isEmpty();
    }

    @Test
    void keepsLlama3StyleEosTokenLists(@TempDir Path dir) throws IOException {
        ModelConfig config =
                JSON.readValue(MINIMAL.replace("}", ", \"eos_token_id\": [128001, 128009]}"), ModelConfig.class);
        assertThat(config.eosTokenIds()).containsExactly(128001, 128009);

        config.write(dir.resolve("config.json"));

        assertThat(JSON.readTree(dir.resolve("config.json").toFile()).get("eos_token_id"))
                .isEqualTo(JSON.readTree("[128001, 128009]"));
    }

    @Test
    void sensorSectionRoundTrips(@TempDir Path dir) throws IOException {
        ModelConfig config = ModelConfig.tiny(300, SENSORS);
        Path file = dir.resolve("config.json");

        config.write(file);

        assertThat(ModelConfig.read(file)).isEqualTo(config);
        assertThat(JSON.readTree(file.toFile()).get("pdm")).isEqualTo(JSON.readTree("""
                {"class_names": ["healthy", "degrading", "critical"], "dropout": 0.1, "max_patches": 32, "num_channels": 21,
                 "num_classes": 3, "patch_size": 16, "rul_scale": 125.0, "tokenizer": "byte"}"""));
        assertThat(ModelConfig.tiny(300, null).withPdm(SENSORS)).isEqualTo(config);
    }

    static Stream<Arguments> invalidConfigs() {
        return Stream.of(
                Arguments.of(MINIMAL.replace("\"hidden_size\": 64,", ""), "config lacks hidden_size"),
                Arguments.of(
                        MINIMAL.replace("\"hidden_size\": 64", "\"hidden_size\": 66"),
                        "hidden_size 66 is not divisible by num_attention_heads 4"),
                Arguments.of(
                        MINIMAL.replace("}", ", \"num_key_value_heads\": 3}"),
                        "num_attention_heads 4 is not divisible by num_key_value_heads 3"),
                Arguments.of(
                        MINIMAL.replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 0"),
                        "num_hidden_layers must be positive, got 0"),
                Arguments.of(
                        MINIMAL.replace("\"num_attention_heads\": 4", "\"num_attention_heads\": 0"),
                        "num_attention_heads must be positive, got 0"),
                Arguments.of(
                        MINIMAL.replace("}", ", \"rms_norm_eps\": 0}"),
                        "rms_norm_eps 0.0 and rope_theta 10000.0 must be positive and finite"),
                Arguments.of(
                        MINIMAL.replace("}", ", \"pdm\": " + sensors("\"class_names\": [\"a\", \"b\"]") + "}"),
                        "pdm.class_names must name each of the 3 classes, got [a, b]"),
                Arguments.of(
                        MINIMAL.replace("}", ", \"pdm\": " + sensors("\"patch_size\": 0") + "}"),
                        "pdm.patch_size must be positive, got 0"),
                Arguments.of(
                        MINIMAL.replace("}", ", \"pdm\": " + sensors("\"rul_scale\": -1") + "}"),
                        "pdm.rul_scale must be positive and finite, got -1.0"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalidConfigs")
    void rejectsInvalidConfigsNamingTheKey(String json, String message) {
        assertThatThrownBy(() -> JSON.readValue(json, ModelConfig.class))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsUnknownTokenizersAndTyposInTheSensorSection() {
        assertThatThrownBy(() -> JSON.readValue(
                        MINIMAL.replace("}", ", \"pdm\": " + sensors("\"tokenizer\": \"bpe\"") + "}"),
                        ModelConfig.class))
                .hasMessageContaining("not one of the values accepted for Enum class: [byte, hf]");
        assertThatThrownBy(() -> JSON.readValue(
                        MINIMAL.replace("}", ", \"pdm\": " + sensors("\"patch_sise\": 16") + "}"), ModelConfig.class))
                .hasMessageContaining("Unrecognized field \"patch_sise\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void extraIsImmutableAndKeepsNulls() {
        Map<String, Object> extra = new HashMap<>();
        extra.put("rope_scaling", null);
        extra.put("nested", new HashMap<>(Map.of("k", List.of(1))));
        ModelConfig config = new ModelConfig(
                ModelConfig.DEFAULT_ARCHITECTURES,
                "llama",
                64,
                128,
                2,
                4,
                2,
                16,
                1e-5,
                10_000,
                300,
                256,
                false,
                1,
                List.of(2),
                null,
                "float32",
                null,
                extra);

        assertThat(config.extra()).containsEntry("rope_scaling", null);
        assertThatThrownBy(() -> ((Map<String, Object>) config.extra().get("nested")).put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /** The sensor section of SENSORS as JSON with one key replaced or added. */
    private static String sensors(String override) {
        Map<String, String> keys = new LinkedHashMap<>(Map.of(
                "\"patch_size\"",
                "16",
                "\"num_channels\"",
                "21",
                "\"max_patches\"",
                "32",
                "\"num_classes\"",
                "3",
                "\"class_names\"",
                "[\"healthy\", \"degrading\", \"critical\"]",
                "\"rul_scale\"",
                "125",
                "\"tokenizer\"",
                "\"byte\""));
        String[] keyValue = override.split(":", 2);
        keys.put(keyValue[0].trim(), keyValue[1].trim());
        List<String> fields = new ArrayList<>();
        keys.forEach((key, value) -> fields.add(key + ": " + value));
        return "{" + String.join(", ", fields) + "}";
    }
}
