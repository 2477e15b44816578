package io.pdm.model.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.model.io.HuggingFaceJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LoraConfigTest {
    private static final ObjectMapper JSON = HuggingFaceJson.mapper();

    /** adapter_config.json as PEFT 0.13 saves it for a TinyLlama LoRA. */
    static final String PEFT_WRITTEN = """
            {
              "alpha_pattern": {},
              "auto_mapping": null,
              "base_model_name_or_path": "TinyLlama/TinyLlama-1.1B-Chat-v1.0",
              "bias": "none",
              "fan_in_fan_out": false,
              "inference_mode": true,
              "init_lora_weights": true,
              "layer_replication": null,
              "layers_pattern": null,
              "layers_to_transform": null,
              "loftq_config": {},
              "lora_alpha": 16,
              "lora_dropout": 0.05,
              "megatron_config": null,
              "megatron_core": "megatron.core",
              "modules_to_save": null,
              "peft_type": "LORA",
              "r": 8,
              "rank_pattern": {},
              "revision": null,
              "target_modules": [
                "q_proj",
                "v_proj"
              ],
              "task_type": "CAUSAL_LM",
              "use_dora": false,
              "use_rslora": false
            }
            """;

    @Test
    void readsWhatPeftWrites() throws IOException {
        LoraConfig config = JSON.readValue(PEFT_WRITTEN, LoraConfig.class);

        assertThat(config.r()).isEqualTo(8);
        assertThat(config.alpha()).isEqualTo(16);
        assertThat(config.scaling()).isEqualTo(2.0);
        assertThat(config.dropout()).isEqualTo(0.05);
        assertThat(config.targetModules()).containsExactly("q_proj", "v_proj");
        assertThat(config.modulesToSave()).isEmpty();
        assertThat(config.baseModelNameOrPath()).isEqualTo("TinyLlama/TinyLlama-1.1B-Chat-v1.0");
        assertThat(config.taskType()).isEqualTo("CAUSAL_LM");
        assertThat(config.revision()).isNull();
        assertThat(config.extra())
                .containsOnlyKeys(
                        "alpha_pattern",
                        "auto_mapping",
                        "layer_replication",
                        "layers_pattern",
                        "layers_to_transform",
                        "loftq_config",
                        "megatron_config",
                        "megatron_core",
                        "rank_pattern");
    }

    @Test
    void writesEveryKeyPeftWrote(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("adapter_config.json");
        Files.writeString(file, PEFT_WRITTEN);

        LoraConfig.read(file).write(file);

        JsonNode original = JSON.readTree(PEFT_WRITTEN);
        JsonNode written = JSON.readTree(file.toFile());
        assertThat(written.size()).isEqualTo(original.size());
        original.fields().forEachRemaining(field -> {
            JsonNode expected = field.getKey().equals("modules_to_save") ? JSON.createArrayNode() : field.getValue();
            assertThat(written.get(field.getKey())).as(field.getKey()).isEqualTo(expected);
        });
        assertThat(LoraConfig.read(file)).isEqualTo(JSON.readValue(PEFT_WRITTEN, LoraConfig.class));
    }

    @Test
    void platformDefaultsTrainTheHeadsInFull() throws IOException {
        LoraConfig config = LoraConfig.of(4, 8, 0.1, "base");

        assertThat(config.targetModules()).containsExactly("q_proj", "k_proj", "v_proj", "o_proj");
        assertThat(config.modulesToSave()).containsExactly("patch_proj", "rul_head", "class_head");
        assertThat(config.scaling()).isEqualTo(2.0);
        JsonNode json = JSON.readTree(HuggingFaceJson.toJson(config));
        assertThat(json.get("peft_type").asText()).isEqualTo("LORA");
        assertThat(json.get("lora_alpha").asInt()).isEqualTo(8);
        assertThat(json.get("modules_to_save")).hasSize(3);
        assertThat(config.withTargetModules(List.of("q_proj"))
                        .withModulesToSave(List.of())
                        .targetModules())
                .containsExactly("q_proj");
    }

    static Stream<Arguments> unsupportedConfigs() {
        return Stream.of(
                Arguments.of(
                        "\"use_rslora\": false",
                        "\"use_rslora\": true",
                        "adapter config sets use_rslora to true; only false is supported"),
                Arguments.of(
                        "\"use_dora\": false",
                        "\"use_dora\": true",
                        "adapter config sets use_dora to true; only false is supported"),
                Arguments.of(
                        "\"bias\": \"none\"",
                        "\"bias\": \"lora_only\"",
                        "adapter config sets bias to lora_only; only none is supported"),
                Arguments.of(
                        "\"peft_type\": \"LORA\"",
                        "\"peft_type\": \"IA3\"",
                        "adapter config sets peft_type to IA3; only LORA is supported"),
                Arguments.of(
                        "\"rank_pattern\": {}",
                        "\"rank_pattern\": {\"q_proj\": 4}",
                        "adapter config sets rank_pattern {q_proj=4}; per-module overrides are not supported"),
                Arguments.of("\"r\": 8,", "", "adapter config lacks r, lora_alpha or target_modules"),
                Arguments.of("\"r\": 8", "\"r\": 0", "r and lora_alpha must be positive, got r=0, lora_alpha=16"),
                Arguments.of(
                        "\"lora_dropout\": 0.05", "\"lora_dropout\": 1.0", "lora_dropout must be in [0, 1), got 1.0"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("unsupportedConfigs")
    void rejectsSettingsThatWouldChangeTheArithmetic(String original, String replacement, String message) {
        assertThat(PEFT_WRITTEN).contains(original);
        assertThatThrownBy(() -> JSON.readValue(PEFT_WRITTEN.replace(original, replacement), LoraConfig.class))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void extraCannotOverrideKeysTheConfigWrites() {
        assertThatThrownBy(() -> new LoraConfig(
                        4, 8, 0, List.of("q_proj"), List.of(), null, null, null, Map.of("use_rslora", true)))
                .hasMessage("extra must not set 'use_rslora': LoraConfig writes it");
    }
}
