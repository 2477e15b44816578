package io.pdm.model.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.model.tensor.TensorDict;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Writing F16 and BF16: what PEFT and PyTorch use to halve adapter files, read back by any safetensors reader. */
class SafetensorsLowerPrecisionTest {

    @Test
    void everyFiniteHalfValueSurvivesAFloatRoundTrip() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            short half = (short) bits;
            float value = SafetensorsDtype.halfToFloat(half);
            if (!Float.isNaN(value)) {
                assertThat(SafetensorsDtype.floatToHalf(value))
                        .as("0x%04x", bits)
                        .isEqualTo(half);
            }
        }
    }

    @Test
    void halfRoundsToNearestWithTiesToEvenAndOverflowsToInfinity() {
        float one = 1f;
        float ulp = 0x1p-10f; // binary16's spacing just above 1
        assertThat(SafetensorsDtype.halfToFloat(SafetensorsDtype.floatToHalf(one + ulp / 2)))
                .isEqualTo(one); // tie: even
        assertThat(SafetensorsDtype.halfToFloat(SafetensorsDtype.floatToHalf(one + 1.5f * ulp)))
                .isEqualTo(one + 2 * ulp);
        assertThat(SafetensorsDtype.halfToFloat(SafetensorsDtype.floatToHalf(one + 0.6f * ulp)))
                .isEqualTo(one + ulp);
        assertThat(SafetensorsDtype.halfToFloat(SafetensorsDtype.floatToHalf(70_000f)))
                .isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(SafetensorsDtype.halfToFloat(SafetensorsDtype.floatToHalf(0x1p-25f)))
                .isZero(); // tie to even 0
        assertThat(SafetensorsDtype.halfToFloat(SafetensorsDtype.floatToHalf(0x1.8p-24f)))
                .isEqualTo(0x1p-23f);
        assertThat(Float.isNaN(SafetensorsDtype.halfToFloat(SafetensorsDtype.floatToHalf(Float.NaN))))
                .isTrue();
    }

    @Test
    void everyBfloat16ValueSurvivesAndOthersRoundToNearestEven() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float value = Float.intBitsToFloat(bits << 16);
            if (!Float.isNaN(value)) {
                assertThat(SafetensorsDtype.floatToBfloat16(value)).isEqualTo((short) bits);
            }
        }
        float ulp = 0x1p-7f;
        assertThat(roundTrip(1f + ulp / 2, SafetensorsDtype.BF16)).isEqualTo(1f);
        assertThat(roundTrip(1f + 1.5f * ulp, SafetensorsDtype.BF16)).isEqualTo(1f + 2 * ulp);
    }

    @Test
    void lowerPrecisionFilesHalveTheDataAndDecodeWithinHalfAnUlp() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.01);
        }
        TensorDict tensors =
                TensorDict.builder().put("a.lora_A.weight", values, 10, 100).build();
        byte[] f32 = Safetensors.encode(tensors, Map.of("format", "pt"));

        for (SafetensorsDtype dtype : new SafetensorsDtype[] {SafetensorsDtype.F16, SafetensorsDtype.BF16}) {
            byte[] bytes = Safetensors.encode(tensors, Map.of("format", "pt"), dtype);
            SafetensorsFile decoded = Safetensors.decode(bytes, 1 << 20);

            assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"dtype\":\"" + dtype.name() + "\"");
            assertThat(bytes.length).isLessThan(f32.length - 1900);
            assertThat(decoded.metadata()).containsEntry("format", "pt");
            float[] back = decoded.tensors().get("a.lora_A.weight").data();
            double relative = dtype == SafetensorsDtype.F16 ? 0x1p-11 : 0x1p-8;
            for (int i = 0; i < values.length; i++) {
                assertThat(back[i]).isEqualTo(roundTrip(values[i], dtype));
                if (Math.abs(values[i]) > 1e-4) { // binary16 normal range: relative error at most half an ulp
                    assertThat(Math.abs(back[i] - values[i]))
                            .isLessThanOrEqualTo((float) (relative * Math.abs(values[i])));
                }
            }
        }
    }

    private static float roundTrip(float value, SafetensorsDtype dtype) {
        return dtype == SafetensorsDtype.F16
                ? SafetensorsDtype.halfToFloat(SafetensorsDtype.floatToHalf(value))
                : Float.intBitsToFloat((SafetensorsDtype.floatToBfloat16(value) & 0xFFFF) << 16);
    }
}
