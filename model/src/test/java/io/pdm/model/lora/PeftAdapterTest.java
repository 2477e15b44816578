package io.pdm.model.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.model.io.Safetensors;
import io.pdm.model.io.SafetensorsBytes;
import io.pdm.model.io.SafetensorsFile;
import io.pdm.model.tensor.FloatBits;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeftAdapterTest {
    private static final long LIMIT = 1 << 20;
    private static final String Q = "model.layers.0.self_attn.q_proj";
    private static final String V = "model.layers.1.self_attn.v_proj";
    private static final LoraConfig CONFIG = LoraConfig.of(4, 8, 0.05, "TinyLlama/TinyLlama-1.1B-Chat-v1.0");

    @Test
    void saveAndLoadRoundTripBitExactly(@TempDir Path dir) throws IOException {
        PeftAdapter adapter = new PeftAdapter(CONFIG, weights());

        adapter.save(dir);
        PeftAdapter loaded = PeftAdapter.load(dir, LIMIT);

        assertThat(loaded).isEqualTo(adapter);
        assertThat(FloatBits.raw(loaded.weights().flatten()))
                .containsExactly(FloatBits.raw(adapter.weights().flatten()));
        assertThat(loaded.loraModules()).containsExactly(Q, V);
    }

    @Test
    void savesPeftKeyNames(@TempDir Path dir) throws IOException {
        new PeftAdapter(CONFIG, weights()).save(dir);

        SafetensorsFile file = Safetensors.read(dir.resolve("adapter_model.safetensors"), LIMIT);
        assertThat(file.tensors().names())
                .containsExactly(
                        "base_model.model.class_head.weight",
                        "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight",
                        "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight",
                        "base_model.model.model.layers.1.self_attn.v_proj.lora_A.weight",
                        "base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight",
                        "base_model.model.patch_proj.bias",
                        "base_model.model.patch_proj.weight",
                        "base_model.model.rul_head.weight");
        assertThat(file.metadata()).containsExactly(Map.entry("format", "pt"));
        assertThat(LoraConfig.read(dir.resolve("adapter_config.json"))).isEqualTo(CONFIG);
    }

    @Test
    void loadsAHandWrittenPeftDirectoryWithAdapterNamesInTheKeys(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("adapter_config.json"),
                LoraConfigTest.PEFT_WRITTEN
                        .replace("\"r\": 8", "\"r\": 1")
                        .replace("\"modules_to_save\": null", "\"modules_to_save\": [\"patch_proj\"]"));
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"base_model.model.model.layers.0.self_attn.q_proj.lora_A.default.weight\":"
                + "{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"base_model.model.model.layers.0.self_attn.q_proj.lora_B.default.weight\":"
                + "{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[8,16]},"
                + "\"base_model.model.patch_proj.modules_to_save.default.weight\":"
                + "{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[16,20]}}";
        ByteBuffer data = ByteBuffer.allocate(20)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(1)
                .putFloat(2)
                .putFloat(3)
                .putFloat(4)
                .putShort((short) 0x3F80)
                .putShort((short) 0xC000); // bfloat16 1 and -2
        Files.write(dir.resolve("adapter_model.safetensors"), SafetensorsBytes.file(header, data.array()));

        PeftAdapter adapter = PeftAdapter.load(dir, LIMIT);

        assertThat(adapter.config().r()).isEqualTo(1);
        assertThat(adapter.weights())
                .isEqualTo(TensorDict.builder()
                        .put(Q + ".lora_A.weight", new float[] {1, 2}, 1, 2)
                        .put(Q + ".lora_B.weight", new float[] {3, 4}, 2, 1)
                        .put("patch_proj.weight", new float[] {1, -2}, 2)
                        .build());
    }

    @Test
    void rejectsIncompleteOrMisshapenLoraPairs() {
        TensorDict weights = weights();
        assertThatThrownBy(() -> new PeftAdapter(CONFIG, weights.filter(n -> !n.equals(Q + ".lora_B.weight"))))
                .hasMessage("LoRA factor '" + Q + ".lora_A.weight' has no '" + Q + ".lora_B.weight'");
        assertThatThrownBy(() -> new PeftAdapter(CONFIG, weights.filter(n -> !n.equals(V + ".lora_A.weight"))))
                .hasMessage("LoRA factor '" + V + ".lora_B.weight' has no '" + V + ".lora_A.weight'");
        assertThatThrownBy(() -> new PeftAdapter(LoraConfig.of(8, 8, 0, null), weights))
                .hasMessage("LoRA pair of '" + Q
                        + "' has shapes A [4, 16] and B [16, 4]; expected (r, in) and (out, r) " + "with r = 8");
    }

    @Test
    void rejectsTensorsOutsideTheConfiguredModules() {
        assertThatThrownBy(() -> new PeftAdapter(CONFIG.withTargetModules(List.of("q_proj")), weights()))
                .hasMessage("LoRA module '" + V + "' is not among target_modules [q_proj]");
        assertThatThrownBy(
                        () -> new PeftAdapter(CONFIG.withModulesToSave(List.of("patch_proj", "rul_head")), weights()))
                .hasMessage("tensor 'class_head.weight' is neither a LoRA factor nor part of modules_to_save "
                        + "[patch_proj, rul_head]");
    }

    @Test
    void rejectsKeysWithoutThePeftPrefix(@TempDir Path dir) throws IOException {
        CONFIG.write(dir.resolve("adapter_config.json"));
        Safetensors.write(dir.resolve("adapter_model.safetensors"), weights(), Map.of());

        assertThatThrownBy(() -> PeftAdapter.load(dir, LIMIT))
                .hasMessage("tensor 'class_head.weight' lacks PEFT's prefix 'base_model.model.'");
    }

    @Test
    void rejectsKeysThatCollideOnceTheAdapterNameIsStripped(@TempDir Path dir) throws IOException {
        CONFIG.write(dir.resolve("adapter_config.json"));
        TensorDict both = TensorDict.builder()
                .put("base_model.model.patch_proj.weight", new float[1], 1)
                .put("base_model.model.patch_proj.modules_to_save.default.weight", new float[1], 1)
                .build();
        Safetensors.write(dir.resolve("adapter_model.safetensors"), both, Map.of());

        assertThatThrownBy(() -> PeftAdapter.load(dir, LIMIT))
                .hasMessageStartingWith("duplicate tensor name 'patch_proj.weight'");
    }

    /** LoRA pairs on two attention projections plus the fully trained platform modules, seeded random values. */
    private static TensorDict weights() {
        Random random = new Random(7);
        return TensorDict.builder()
                .put(Q + ".lora_A.weight", gaussian(random, 4 * 16), 4, 16)
                .put(Q + ".lora_B.weight", gaussian(random, 16 * 4), 16, 4)
                .put(V + ".lora_A.weight", gaussian(random, 4 * 16), 4, 16)
                .put(V + ".lora_B.weight", new float[] {Float.intBitsToFloat(0x7FC00ABC), -0f, 0, 0}, 1, 4)
                .put("patch_proj.weight", gaussian(random, 16 * 21), 16, 21)
                .put("patch_proj.bias", gaussian(random, 16), 16)
                .put("rul_head.weight", gaussian(random, 16), 1, 16)
                .put("class_head.weight", gaussian(random, 3 * 16), 3, 16)
                .build();
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
