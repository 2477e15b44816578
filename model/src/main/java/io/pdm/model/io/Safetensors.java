package io.pdm.model.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pdm.model.tensor.HostTensor;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the Hugging Face safetensors format
 * (<a href="https://huggingface.co/docs/safetensors">spec</a>): an 8-byte little-endian header
 * length N, N bytes of UTF-8 JSON describing each tensor ({@code dtype}, {@code shape},
 * {@code data_offsets} into the data buffer) plus optional {@code __metadata__} strings, then the
 * data buffer.
 *
 * <p>Hand-written although DJL's {@code NDList} encodes safetensors too: the federated aggregator
 * parses untrusted uploads and runs without libtorch, so it needs a pure-Java reader that bounds
 * every size before allocating and rejects anything the spec does not allow. DJL's reader
 * allocates whatever header length a file claims, checks only that offsets come in pairs, and needs
 * a native engine to hold the arrays.
 *
 * <p>Writes float32 (or, on request, F16, BF16 or F64), tensors in name order, header padded with spaces to a multiple of 8
 * bytes (as the reference implementation does, so the data is aligned): the same dict and metadata
 * always give the same bytes. Reads F32, F16, BF16 and F64, converting to float32.
 */
public final class Safetensors {
    /** The reference implementation's limit on the header, against absurd JSON. */
    public static final long MAX_HEADER_BYTES = 100_000_000;

    private static final int LENGTH_FIELD_BYTES = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    /** The file bytes of {@code tensors} as F32, with {@code metadata} as {@code __metadata__} (omitted when empty). */
    public static byte[] encode(TensorDict tensors, Map<String, String> metadata) {
        return encode(tensors, metadata, SafetensorsDtype.F32);
    }

    /**
     * The file bytes of {@code tensors} stored as {@code dtype} (F16 and BF16 round to nearest even, as PyTorch's
     * {@code .half()} and {@code .bfloat16()} do), e.g. to halve an upload; any safetensors reader up-casts them.
     */
    public static byte[] encode(TensorDict tensors, Map<String, String> metadata, SafetensorsDtype dtype) {
        if (tensors.contains(SafetensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("a tensor must not be called " + SafetensorsHeader.METADATA_KEY);
        }
        byte[] header = paddedHeader(tensors, metadata, dtype);
        long total = LENGTH_FIELD_BYTES + header.length + (long) dtype.byteSize * tensors.numel();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(total + " bytes do not fit in one array; split the dict");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        for (HostTensor tensor : tensors.asMap().values()) {
            dtype.encode(tensor.buffer(), out);
        }
        return out.array();
    }

    public static void write(Path file, TensorDict tensors, Map<String, String> metadata) throws IOException {
        Files.write(file, encode(tensors, metadata));
    }

    /**
     * Parses a safetensors file of at most {@code maxBytes} bytes.
     *
     * @throws SafetensorsFormatException when the bytes break the format in any way
     */
    public static SafetensorsFile decode(byte[] bytes, long maxBytes) throws SafetensorsFormatException {
        if (bytes.length > maxBytes) {
            throw new SafetensorsFormatException(
                    "file has " + bytes.length + " bytes, more than the limit of " + maxBytes);
        }
        if (bytes.length < LENGTH_FIELD_BYTES) {
            throw new SafetensorsFormatException(
                    "file has " + bytes.length + " bytes, fewer than the 8-byte header length");
        }
        long headerLength =
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException("header length " + Long.toUnsignedString(headerLength)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        long available = bytes.length - LENGTH_FIELD_BYTES;
        if (headerLength > available) {
            throw new SafetensorsFormatException(
                    "header length " + headerLength + " exceeds the " + available + " bytes after the length field");
        }
        if (headerLength == 0 || bytes[LENGTH_FIELD_BYTES] != '{') {
            throw new SafetensorsFormatException("header does not begin with '{'");
        }
        int dataStart = LENGTH_FIELD_BYTES + (int) headerLength;
        String json = utf8(bytes, LENGTH_FIELD_BYTES, (int) headerLength);
        SafetensorsHeader header = SafetensorsHeader.parse(json, bytes.length - dataStart);

        TensorDict.Builder tensors = TensorDict.builder();
        for (SafetensorsHeader.Entry entry : header.entries()) {
            float[] values = new float[entry.numel()];
            ByteBuffer source = ByteBuffer.wrap(
                            bytes, dataStart + (int) entry.begin(), (int) (entry.end() - entry.begin()))
                    .slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            entry.dtype().decode(source, values);
            tensors.put(entry.name(), values, entry.shape());
        }
        return new SafetensorsFile(tensors.build(), header.metadata());
    }

    /** Reads and parses {@code file}, refusing before reading when it is larger than {@code maxBytes}. */
    public static SafetensorsFile read(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new SafetensorsFormatException(file + " has " + size + " bytes, more than the limit of " + maxBytes);
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new SafetensorsFormatException(file + " has " + size + " bytes, more than one array holds");
        }
        return decode(Files.readAllBytes(file), maxBytes);
    }

    private static byte[] paddedHeader(TensorDict tensors, Map<String, String> metadata, SafetensorsDtype dtype) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(SafetensorsHeader.METADATA_KEY);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> entry : tensors.asMap().entrySet()) {
            HostTensor tensor = entry.getValue();
            ObjectNode description = header.putObject(entry.getKey());
            description.put("dtype", dtype.name());
            ArrayNode shape = description.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            long end = offset + (long) dtype.byteSize * tensor.numel();
            description.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
        byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    /** Strict UTF-8: Jackson would also guess UTF-16/32 from the first bytes, which the spec does not allow. */
    private static String utf8(byte[] bytes, int offset, int length) throws SafetensorsFormatException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException("header is not valid UTF-8: " + e);
        }
    }
}
