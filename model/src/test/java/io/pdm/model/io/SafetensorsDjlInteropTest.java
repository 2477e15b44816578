package io.pdm.model.io;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.tensor.FloatBits;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our files against DJL's safetensors support, both ways, and our half-precision conversion against PyTorch's. */
class SafetensorsDjlInteropTest {
    private static final TensorDict TENSORS = TensorDict.builder()
            .put("model.layers.0.self_attn.q_proj.lora_A.weight", new float[] {1, -2, 3.5f, 0, -0f, 1e-30f}, 2, 3)
            .put("rul_head.bias", new float[] {Float.MAX_VALUE}, 1)
            .put("patch_proj.weight", new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2)
            .build();

    private static NDManager manager;

    @BeforeAll
    static void startEngine() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stopEngine() {
        manager.close();
    }

    @Test
    void djlReadsOurFiles() {
        NDList arrays = NDList.decode(manager, Safetensors.encode(TENSORS, Map.of("format", "pt")));

        assertThat(toDict(arrays)).isEqualTo(TENSORS);
    }

    @Test
    void weReadDjlFiles() throws IOException {
        NDList arrays = new NDList();
        TENSORS.asMap().forEach((name, tensor) -> {
            NDArray array = manager.create(tensor.data(), new Shape(tensor.shape()));
            array.setName(name);
            arrays.add(array);
        });
        NDArray half = manager.create(new float[] {1.5f, -2f, 65504f}).toType(DataType.FLOAT16, false);
        half.setName("half");
        arrays.add(half);

        TensorDict decoded = Safetensors.decode(arrays.encode(NDList.Encoding.SAFETENSORS), 1 << 20)
                .tensors();

        assertThat(decoded.filter(name -> !name.equals("half"))).isEqualTo(TENSORS);
        assertThat(decoded.get("half").data()).containsExactly(1.5f, -2f, 65504f);
    }

    /** BF16 is left out: DJL 0.36 aborts the JVM when creating a BFLOAT16 array from a buffer. */
    @Test
    void halfPrecisionConversionAgreesWithPyTorchOnEveryValue() {
        ByteBuffer all = ByteBuffer.allocate(2 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int bits = 0; bits < 1 << 16; bits++) {
            all.putShort((short) bits);
        }
        float[] expected = manager.create(all.rewind(), new Shape(1 << 16), DataType.FLOAT16)
                .toType(DataType.FLOAT32, false)
                .toFloatArray();
        float[] actual = new float[1 << 16];
        SafetensorsDtype.F16.decode(all.rewind(), actual);

        // Canonical bits: PyTorch may quiet NaN payloads, which is no disagreement.
        assertThat(FloatBits.canonical(actual)).containsExactly(FloatBits.canonical(expected));
    }

    private static TensorDict toDict(NDList arrays) {
        TensorDict.Builder dict = TensorDict.builder();
        for (NDArray array : arrays) {
            dict.put(array.getName(), array.toFloatArray(), array.getShape().getShape());
        }
        return dict.build();
    }
}
