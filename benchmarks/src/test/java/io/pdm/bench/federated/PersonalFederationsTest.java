package io.pdm.bench.federated;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.federated.protocol.Int8Deltas;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the personalised federations upload: the LoRA factors alone, never the plant's heads, in the wire type asked
 * for. The adapter is laid out as on the cycle-channel base (2 layers, hidden 64, 4 query heads and 2 key/value
 * heads of 16), with the {@code compact} scenarios' rank 1 on q/v.
 */
class PersonalFederationsTest {

    private static final int LAYERS = 2;
    private static final int HIDDEN = 64;
    private static final int Q_OUT = 4 * 16;
    private static final int KV_OUT = 2 * 16;
    private static final int RANK = 1;

    /** A full adapter as a plant trains it: factors on q/v of every layer plus the modules to save. */
    private static PeftAdapter fullAdapter() {
        LoraConfig config = LoraConfig.of(RANK, 2 * RANK, 0.05, "/base").withTargetModules(List.of("q_proj", "v_proj"));
        TensorDict.Builder weights = TensorDict.builder();
        for (int layer = 0; layer < LAYERS; layer++) {
            String prefix = "model.layers." + layer + ".self_attn.";
            weights.put(prefix + "q_proj.lora_A.weight", new float[RANK * HIDDEN], RANK, HIDDEN);
            weights.put(prefix + "q_proj.lora_B.weight", new float[Q_OUT * RANK], Q_OUT, RANK);
            weights.put(prefix + "v_proj.lora_A.weight", new float[RANK * HIDDEN], RANK, HIDDEN);
            weights.put(prefix + "v_proj.lora_B.weight", new float[KV_OUT * RANK], KV_OUT, RANK);
        }
        weights.put("patch_proj.weight", ramp(HIDDEN * 80), HIDDEN, 80);
        weights.put("patch_proj.bias", ramp(HIDDEN), HIDDEN);
        weights.put("rul_head.weight", ramp(HIDDEN), 1, HIDDEN);
        weights.put("rul_head.bias", ramp(1), 1);
        weights.put("class_head.weight", ramp(3 * HIDDEN), 3, HIDDEN);
        weights.put("class_head.bias", ramp(3), 3);
        return new PeftAdapter(config, weights.build());
    }

    private static float[] ramp(int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (i % 7) - 3;
        }
        return values;
    }

    @Test
    void uploadsTheFactorsAloneInTheWireTypeAsked() {
        Federation federation = PersonalFederations.of(fullAdapter(), SafetensorsDtype.I8, List.of(), 3, 21);

        // r (in + out) per projection and layer: q maps 64 to 64, v maps 64 to the narrower 32.
        long factorValues = (long) LAYERS * (RANK * (HIDDEN + Q_OUT) + RANK * (HIDDEN + KV_OUT));
        assertThat(factorValues).isEqualTo(448);
        TensorDict shared = federation.seed().weights();
        assertThat(shared.numel()).isEqualTo(factorValues);
        assertThat(shared.names())
                .hasSize(4 * LAYERS)
                .allMatch(n -> n.endsWith(".lora_A.weight") || n.endsWith(".lora_B.weight"));
        assertThat(shared.names()).noneMatch(n -> n.contains("head") || n.contains("patch_proj"));
        assertThat(federation.seed().config().modulesToSave()).isEmpty();
        assertThat(federation.wire()).isEqualTo(SafetensorsDtype.I8);
    }

    @Test
    void anEightBitUploadOfTheFactorsCarriesOneBytePerFactorValue() {
        TensorDict shared = PersonalFederations.of(fullAdapter(), SafetensorsDtype.I8, List.of(), 3, 21)
                .seed()
                .weights();
        TensorDict delta = shared.unflatten(ramp((int) shared.numel()));

        byte[] upload = Int8Deltas.encode(Int8Deltas.nearest(delta), Map.of());

        // safetensors: an 8-byte little-endian header length, the JSON header, then the tensors' bytes.
        long header =
                ByteBuffer.wrap(upload, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(upload.length - 8 - header).isEqualTo(448);
    }
}
