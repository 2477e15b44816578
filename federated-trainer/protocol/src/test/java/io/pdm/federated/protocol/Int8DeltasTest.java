package io.pdm.federated.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.federated.TinyAdapters;
import io.pdm.model.io.Safetensors;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.tensor.TensorDict;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Int8DeltasTest {

    /** Two tensors of very different magnitude, so a per-tensor scale matters. */
    private static TensorDict delta(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] a = new float[64 * 8];
        float[] b = new float[8 * 64];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian() * 0.05f;
            b[i] = (float) random.nextGaussian() * 3e-4f;
        }
        return TensorDict.builder()
                .put("base_model.model.layers.0.q_proj.lora_A.weight", a, 8, 64)
                .put("base_model.model.layers.0.q_proj.lora_B.weight", b, 64, 8)
                .build();
    }

    @Test
    void nearestRoundingRoundTripsOverTheWireWithinHalfAStepPerElement() {
        TensorDict delta = delta(1);
        Int8Deltas.Quantised q = Int8Deltas.nearest(delta);
        byte[] bytes = Int8Deltas.encode(q, Map.of("pdm.plant", "fd001"));

        TensorDict decoded = AdapterArithmetic.decode(bytes, Long.MAX_VALUE).tensors();

        for (String name : delta.names()) {
            float[] x = delta.get(name).data();
            float[] y = decoded.get(name).data();
            float max = 0;
            for (float v : x) {
                max = Math.max(max, Math.abs(v));
            }
            double halfStep = max / 127.0 / 2;
            for (int i = 0; i < x.length; i++) {
                assertThat((double) Math.abs(y[i] - x[i])).isLessThanOrEqualTo(halfStep * (1 + 1e-5));
            }
        }
        // one byte per element plus the header (about 350 bytes here): a third of F32 for 1,024 values, a quarter for
        // many
        assertThat((double) bytes.length).isLessThan(0.33 * Safetensors.encode(delta, Map.of()).length);
        assertThat(AdapterArithmetic.decode(bytes, Long.MAX_VALUE).metadata()).containsEntry("pdm.plant", "fd001");
    }

    @Test
    void stochasticRoundingIsWithinOneStepAndItsMeanOverManyDrawsIsTheDelta() {
        TensorDict delta = delta(2);
        SplittableRandom random = new SplittableRandom(7);
        int draws = 2000;
        double[] sum = new double[(int) delta.numel()];
        float[] x = delta.flatten();
        for (int d = 0; d < draws; d++) {
            float[] y = AdapterArithmetic.decode(
                            Int8Deltas.encode(Int8Deltas.quantise(delta, random), Map.of()), 1 << 20)
                    .tensors()
                    .flatten();
            for (int i = 0; i < y.length; i++) {
                sum[i] += y[i];
            }
        }
        for (String name : delta.names()) {
            float max = 0;
            for (float v : delta.get(name).data()) {
                max = Math.max(max, Math.abs(v));
            }
            double step = max / 127.0;
            int offset = name.endsWith("lora_A.weight") ? 0 : 512;
            for (int i = offset; i < offset + 512; i++) {
                // the mean of 2,000 draws of a two-point variable spread over one step: std <= step/2/sqrt(2000)
                assertThat(Math.abs(sum[i] / draws - x[i])).isLessThan(5 * step / 2 / Math.sqrt(draws));
            }
        }
    }

    @Test
    void quantiseWithinKeepsTheDequantisedNormWithinTheRoundsBound() {
        TensorDict delta = delta(3);
        double bound = delta.l2Norm(); // clipped exactly at the bound, as a plant's delta can be
        SplittableRandom random = new SplittableRandom(11);
        for (int d = 0; d < 200; d++) {
            assertThat(Int8Deltas.quantiseWithin(delta, bound, random)
                            .dequantised()
                            .l2Norm())
                    .isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void anI8FileWithoutScalesOrWithTheWrongNumberIsRefusedWithTheReason() {
        TensorDict levels = TinyAdapters.uniform(3);
        byte[] bare = Safetensors.encode(levels, Map.of(), SafetensorsDtype.I8);
        assertThatThrownBy(() -> AdapterArithmetic.decode(bare, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("I8 tensors without pdm.delta_encoding");

        Map<String, String> twoScales = new HashMap<>();
        twoScales.put(Int8Deltas.ENCODING_KEY, Int8Deltas.INT8_PER_TENSOR);
        twoScales.put(Int8Deltas.SCALES_KEY, "0.1,0.2");
        byte[] wrong = Safetensors.encode(levels, twoScales, SafetensorsDtype.I8);
        assertThatThrownBy(() -> AdapterArithmetic.decode(wrong, Long.MAX_VALUE))
                .hasMessageContaining("lists 2 scales for 3 tensors");

        twoScales.put(Int8Deltas.ENCODING_KEY, "int4");
        byte[] unknown = Safetensors.encode(levels, twoScales, SafetensorsDtype.I8);
        assertThatThrownBy(() -> AdapterArithmetic.decode(unknown, Long.MAX_VALUE))
                .hasMessageContaining("unknown pdm.delta_encoding 'int4'");
    }

    @Test
    void theI8DtypeStoresIntegersOnlyAndRefusesToRoundSilently() {
        assertThatThrownBy(() -> Safetensors.encode(TinyAdapters.uniform(0.5f), Map.of(), SafetensorsDtype.I8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quantise first");
        assertThatThrownBy(() -> Safetensors.encode(TinyAdapters.uniform(200), Map.of(), SafetensorsDtype.I8))
                .hasMessageContaining("[-128, 127]");
    }

    @Test
    void f32UploadsDecodeAsBefore() {
        TensorDict delta = delta(4);
        assertThat(AdapterArithmetic.decode(Safetensors.encode(delta, Map.of()), Long.MAX_VALUE)
                        .tensors())
                .isEqualTo(delta);
    }
}
