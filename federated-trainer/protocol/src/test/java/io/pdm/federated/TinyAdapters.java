package io.pdm.federated;

import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.DeltaMetadata;
import io.pdm.model.io.Safetensors;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A rank-2 adapter on one attention projection plus a head: 16 values, small enough to check by hand. */
public final class TinyAdapters {

    public static final String BASE_MODEL_HASH = "ab".repeat(32);
    public static final String LORA_A = "model.layers.0.self_attn.q_proj.lora_A.weight";
    public static final String LORA_B = "model.layers.0.self_attn.q_proj.lora_B.weight";
    public static final String HEAD = "rul_head.weight";

    private TinyAdapters() {}

    public static LoraConfig config() {
        return new LoraConfig(
                2, 4, 0.0, List.of("q_proj"), List.of("rul_head"), "pdm-tiny", "CAUSAL_LM", null, Map.of());
    }

    public static PeftAdapter seed() {
        return new PeftAdapter(config(), weights(0.1f));
    }

    /** Weights under the model's names, every value {@code value + index / 100}. */
    public static TensorDict weights(float value) {
        return TensorDict.builder()
                .put(LORA_A, ramp(value, 6), 2, 3)
                .put(LORA_B, ramp(value, 6), 3, 2)
                .put(HEAD, ramp(value, 4), 1, 4)
                .build();
    }

    /** A delta (model names) with every value {@code value}. */
    public static TensorDict uniform(float value) {
        return weights(0).unflatten(filled(16, value));
    }

    public static float[] filled(int length, float value) {
        float[] values = new float[length];
        java.util.Arrays.fill(values, value);
        return values;
    }

    /** Upload bytes: the delta under PEFT names with the metadata in __metadata__. */
    public static byte[] deltaBytes(TensorDict modelNamedDelta, DeltaMetadata metadata) {
        return Safetensors.encode(AdapterArithmetic.peftNamed(modelNamedDelta), metadata.toMap());
    }

    public static DeltaMetadata metadata(String plant, long round, long examples) {
        return new DeltaMetadata(plant, round, BASE_MODEL_HASH, examples, nonce(), null, null, null);
    }

    public static String nonce() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static float[] ramp(float value, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = value + i / 100f;
        }
        return values;
    }
}
