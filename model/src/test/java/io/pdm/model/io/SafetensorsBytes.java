package io.pdm.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-assembled safetensors bytes, for tests that must not depend on our encoder. */
public final class SafetensorsBytes {
    private SafetensorsBytes() {}

    /** The length field, then {@code header} as UTF-8 (unpadded), then {@code data}. */
    public static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return withHeaderLength(
                json.length,
                ByteBuffer.allocate(json.length + data.length)
                        .put(json)
                        .put(data)
                        .array());
    }

    /** {@code length} as the 8-byte little-endian length field, then {@code rest}, whatever it holds. */
    public static byte[] withHeaderLength(long length, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(length)
                .put(rest)
                .array();
    }
}
