package io.pdm.model.io;

import static io.pdm.model.io.SafetensorsBytes.file;
import static io.pdm.model.io.SafetensorsBytes.withHeaderLength;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.model.tensor.FloatBits;
import io.pdm.model.tensor.HostTensor;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SafetensorsTest {
    private static final long LIMIT = 1 << 20;

    private static final float[] SPECIAL = {
        Float.intBitsToFloat(0x7FC12345), // quiet NaN with a payload
        Float.intBitsToFloat(0x7F800001), // signalling NaN
        Float.intBitsToFloat(0xFFC00000), // negative NaN
        -0.0f,
        0.0f,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE,
        -Float.MAX_VALUE,
        1 / 3f
    };

    @Test
    void roundTripIsBitExact() throws IOException {
        TensorDict tensors = TensorDict.builder()
                .put("special", SPECIAL, 2, 5)
                .put("scalar", new float[] {42}) // shape []
                .put("empty", new float[0], 0, 3)
                .put("ünïcode.weight", new float[] {1, 2, 3}, 3)
                .build();
        Map<String, String> metadata = Map.of("format", "pt", "note", "\"quoted\" ✓");

        SafetensorsFile decoded = Safetensors.decode(Safetensors.encode(tensors, metadata), LIMIT);

        assertThat(decoded.metadata()).isEqualTo(metadata);
        assertThat(decoded.tensors().layout()).isEqualTo(tensors.layout());
        assertThat(FloatBits.raw(decoded.tensors().get("special").data())).containsExactly(FloatBits.raw(SPECIAL));
        assertThat(decoded.tensors()).isEqualTo(tensors);
    }

    @Test
    void encodingIsDeterministicPaddedAndLittleEndian() {
        TensorDict ab = TensorDict.builder()
                .put("b", new float[] {1}, 1)
                .put("a", new float[] {-2, 0.5f}, 2)
                .build();
        TensorDict ba = TensorDict.builder()
                .put("a", new float[] {-2, 0.5f}, 2)
                .put("b", new float[] {1}, 1)
                .build();

        byte[] bytes = Safetensors.encode(ab, Map.of("z", "1", "format", "pt"));

        assertThat(bytes).isEqualTo(Safetensors.encode(ba, Map.of("format", "pt", "z", "1")));
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong(0);
        assertThat(headerLength % 8).isZero();
        String json = "{\"__metadata__\":{\"format\":\"pt\",\"z\":\"1\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertThat(headerLength).isBetween(json.length(), json.length() + 7);
        assertThat(new String(bytes, 8, headerLength, StandardCharsets.UTF_8))
                .isEqualTo(json + " ".repeat(headerLength - json.length()));
        assertThat(Arrays.copyOfRange(bytes, 8 + headerLength, bytes.length))
                .containsExactly(0, 0, 0, (byte) 0xC0, 0, 0, 0, 0x3F, 0, 0, (byte) 0x80, 0x3F);
    }

    @Test
    void omitsEmptyMetadataAndRejectsATensorNamedLikeIt() throws IOException {
        TensorDict one = TensorDict.builder().put("x", new float[] {1}, 1).build();
        byte[] bytes = Safetensors.encode(one, Map.of());
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("__metadata__");
        assertThat(Safetensors.decode(bytes, LIMIT).metadata()).isEmpty();
        assertThatThrownBy(() -> Safetensors.encode(one.renamed(n -> "__metadata__"), Map.of()))
                .hasMessage("a tensor must not be called __metadata__");
    }

    @Test
    void readsHalfBfloatAndDoublePrecisionAsFloat() throws IOException {
        short[] halves = {
            0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x0400, 0x7C00, (short) 0xFC00, (short) 0x8000, 0x3555, 0x7E01
        };
        float[] halfValues = {
            1,
            -2,
            65504,
            0x1p-24f,
            0x1p-14f,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            -0f,
            0.333251953125f,
            Float.intBitsToFloat(0x7FC02000)
        };
        short[] bfloats = {0x3F80, (short) 0xC040, 0x4049, 0x7F80, 0x0001, (short) 0x8000};
        float[] bfloatValues = {1, -3, 3.140625f, Float.POSITIVE_INFINITY, Float.intBitsToFloat(0x00010000), -0f};
        double[] doubles = {0.1, -1e300, 1e-50};

        ByteBuffer data = ByteBuffer.allocate(2 * halves.length + 2 * bfloats.length + 8 * doubles.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (short h : halves) {
            data.putShort(h);
        }
        for (short b : bfloats) {
            data.putShort(b);
        }
        for (double d : doubles) {
            data.putDouble(d);
        }
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2,5],\"data_offsets\":[0,20]},"
                + "\"bf\":{\"dtype\":\"BF16\",\"shape\":[6],\"data_offsets\":[20,32]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[32,56]}}";

        TensorDict tensors =
                Safetensors.decode(file(header, data.array()), LIMIT).tensors();

        assertThat(tensors.get("h").shape()).containsExactly(2, 5);
        assertThat(FloatBits.raw(tensors.get("h").data())).containsExactly(FloatBits.raw(halfValues));
        assertThat(FloatBits.raw(tensors.get("bf").data())).containsExactly(FloatBits.raw(bfloatValues));
        assertThat(tensors.get("d").data()).containsExactly(0.1f, Float.NEGATIVE_INFINITY, 0f);
    }

    @Test
    void acceptsTensorsListedOutOfOffsetOrderAndUnpaddedHeaders() throws IOException {
        String header = "{\"late\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"none\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]},"
                + "\"early\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}";
        byte[] data = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(1)
                .putFloat(2)
                .array();

        TensorDict tensors = Safetensors.decode(file(header, data), LIMIT).tensors();

        assertThat(tensors.get("early")).isEqualTo(HostTensor.of(new float[] {1}));
        assertThat(tensors.get("late")).isEqualTo(HostTensor.of(new float[] {2}, 1));
        assertThat(tensors.get("none").numel()).isZero();
    }

    static Stream<Arguments> malformedHeaders() {
        String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        String b = "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}";
        return Stream.of(
                Arguments.of("[" + a + "]", 4, "header does not begin with '{'"),
                Arguments.of("{" + a, 4, "header is not valid JSON: Unexpected end-of-input"),
                Arguments.of("{" + a + "}}", 4, "header is not valid JSON: Unexpected close marker"),
                Arguments.of("{" + a + "} {}", 4, "header has content after its JSON object"),
                Arguments.of("{\"a\":[0,4]}", 4, "tensor 'a' is not described by an object"),
                Arguments.of("{" + a + "," + a + "}", 4, "duplicate tensor name 'a'"),
                Arguments.of("{" + a.replace("\"a\"", "\"\"") + "}", 4, "a tensor has an empty name"),
                Arguments.of("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0, "duplicate __metadata__ key 'k'"),
                Arguments.of("{\"__metadata__\":{},\"__metadata__\":{}}", 0, "duplicate __metadata__"),
                Arguments.of("{\"__metadata__\":{\"k\":1}}", 0, "__metadata__ value of 'k' is not a string"),
                Arguments.of("{\"__metadata__\":[]}", 0, "__metadata__ is not an object"),
                Arguments.of(
                        "{" + a.replace("F32", "I64") + "}",
                        4,
                        "tensor 'a' has unsupported dtype 'I64' (supported: [F32, F16, BF16, I8, F64])"),
                Arguments.of("{" + a.replace("\"F32\"", "4") + "}", 4, "tensor 'a' has a dtype that is not a string"),
                Arguments.of("{" + a.replace("\"shape\":[1],", "") + "}", 4, "tensor 'a' lacks 'shape'"),
                Arguments.of(
                        "{" + a.replace("\"shape\"", "\"shape\":[1],\"extra\"") + "}",
                        4,
                        "tensor 'a' has an unknown key 'extra'"),
                Arguments.of(
                        "{" + a.replace("\"shape\"", "\"dtype\":\"F32\",\"shape\"") + "}",
                        4,
                        "tensor 'a' has a duplicate key 'dtype'"),
                Arguments.of("{" + a.replace("[1]", "1") + "}", 4, "tensor 'a' has a shape that is not an array"),
                Arguments.of(
                        "{" + a.replace("[1]", "[-1]") + "}",
                        4,
                        "tensor 'a' has a shape element '-1' that is not an integer in [0, 2^63)"),
                Arguments.of(
                        "{" + a.replace("[1]", "[1.0]") + "}",
                        4,
                        "tensor 'a' has a shape element '1.0' that is not an integer in [0, 2^63)"),
                Arguments.of(
                        "{" + a.replace("[0,4]", "[0,18446744073709551616]") + "}",
                        4,
                        "tensor 'a' has a data_offsets element '18446744073709551616' that is not an integer"),
                Arguments.of(
                        "{" + a.replace("[0,4]", "[0,4,8]") + "}",
                        4,
                        "tensor 'a' has 3 data_offsets instead of [begin, end]"),
                Arguments.of(
                        "{" + a.replace("[0,4]", "[4,0]") + "}",
                        4,
                        "tensor 'a' with data_offsets [4, 0] ends before it begins"),
                Arguments.of(
                        "{" + a.replace("[0,4]", "[0,8]") + "}",
                        4,
                        "tensor 'a' with data_offsets [0, 8] exceeds the 4-byte data buffer"),
                Arguments.of(
                        "{" + a.replace("[1]", "[2]") + "}",
                        4,
                        "tensor 'a' with data_offsets [0, 4] spans 4 bytes but dtype F32 and shape [2] need 8"),
                Arguments.of(
                        "{" + a.replace("[1]", "[4294967296,4294967296]") + "}",
                        4,
                        "tensor 'a' has shape [4294967296, 4294967296] whose size overflows"),
                Arguments.of(
                        "{" + a.replace("[0,4]", "[4,8]") + "}",
                        8,
                        "data buffer bytes [0, 4) belong to no tensor (a gap before tensor 'a' with data_offsets [4, 8])"),
                Arguments.of(
                        "{" + a + "," + b.replace("[4,8]", "[8,12]") + "}",
                        12,
                        "data buffer bytes [4, 8) belong to no tensor (a gap before tensor 'b'"),
                Arguments.of(
                        "{" + a.replace("[1]", "[2]").replace("[0,4]", "[0,8]") + "," + b + "}",
                        8,
                        "tensor 'b' with data_offsets [4, 8] overlaps tensor 'a', which ends at 8"),
                Arguments.of(
                        "{" + a + "," + a.replace("\"a\"", "\"c\"") + "}",
                        8,
                        "tensor 'c' with data_offsets [0, 4] overlaps tensor 'a', which ends at 4"),
                Arguments.of("{" + a + "}", 8, "data buffer has 8 bytes but the tensors cover only 4"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("malformedHeaders")
    void rejectsMalformedHeadersPrecisely(String header, int dataBytes, String message) {
        assertThatThrownBy(() -> Safetensors.decode(file(header, new byte[dataBytes]), LIMIT))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void rejectsBadLengthsBeforeParsing() {
        assertThatThrownBy(() -> Safetensors.decode(new byte[5], LIMIT))
                .hasMessage("file has 5 bytes, fewer than the 8-byte header length");
        assertThatThrownBy(() -> Safetensors.decode(withHeaderLength(-1, new byte[16]), LIMIT))
                .hasMessage("header length 18446744073709551615 exceeds the limit of 100000000 bytes");
        assertThatThrownBy(() -> Safetensors.decode(withHeaderLength(100_000_001, new byte[16]), LIMIT))
                .hasMessage("header length 100000001 exceeds the limit of 100000000 bytes");
        assertThatThrownBy(() -> Safetensors.decode(withHeaderLength(100, new byte[10]), LIMIT))
                .hasMessage("header length 100 exceeds the 10 bytes after the length field");
        assertThatThrownBy(() -> Safetensors.decode(withHeaderLength(0, new byte[0]), LIMIT))
                .hasMessage("header does not begin with '{'");
        byte[] valid = Safetensors.encode(
                TensorDict.builder().put("x", new float[4], 4).build(), Map.of());
        assertThatThrownBy(() -> Safetensors.decode(valid, valid.length - 1))
                .hasMessage("file has " + valid.length + " bytes, more than the limit of " + (valid.length - 1));
    }

    @Test
    void rejectsHeadersThatAreNotUtf8() {
        byte[] header = {'{', '"', (byte) 0xFF, '"', ':', '1', '}'};
        assertThatThrownBy(() -> Safetensors.decode(withHeaderLength(header.length, header), LIMIT))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessageStartingWith("header is not valid UTF-8");
    }

    @Test
    void writesAndReadsFilesWithinTheLimit(@TempDir Path dir) throws IOException {
        TensorDict tensors = TensorDict.builder().put("w", SPECIAL, 10).build();
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt"));

        assertThat(Safetensors.read(file, LIMIT)).isEqualTo(new SafetensorsFile(tensors, Map.of("format", "pt")));
        assertThatThrownBy(() -> Safetensors.read(file, 64))
                .isInstanceOf(SafetensorsFormatException.class)
                .hasMessage(file + " has " + Files.size(file) + " bytes, more than the limit of 64");
    }
}
