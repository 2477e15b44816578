package io.pdm.model.io;

import java.nio.ByteBuffer;

/** The element types this reader converts to float32, with their safetensors names and sizes. */
enum SafetensorsDtype {
    F32(4) {
        @Override
        void decode(ByteBuffer src, float[] dst) {
            src.asFloatBuffer().get(dst); // a bulk copy keeps every bit, NaN payloads included
        }
    },
    F16(2) {
        @Override
        void decode(ByteBuffer src, float[] dst) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = halfToFloat(src.getShort(2 * i));
            }
        }
    },
    BF16(2) {
        @Override
        void decode(ByteBuffer src, float[] dst) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = Float.intBitsToFloat((src.getShort(2 * i) & 0xFFFF) << 16); // bfloat16 is float32's top half
            }
        }
    },
    F64(8) {
        @Override
        void decode(ByteBuffer src, float[] dst) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = (float) src.getDouble(8 * i);
            }
        }
    };

    final int byteSize;

    SafetensorsDtype(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Converts {@code dst.length} little-endian values starting at position 0 of {@code src}. */
    abstract void decode(ByteBuffer src, float[] dst);

    /** The dtype called {@code name}, or null for one this reader does not convert. */
    static SafetensorsDtype byName(String name) {
        for (SafetensorsDtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        return null;
    }

    /** IEEE 754 binary16 to float32, exactly (Java 17 lacks {@code Float.float16ToFloat}). */
    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1F;
        int mantissa = half & 0x3FF;
        if (exponent == 0x1F) { // infinity or NaN; the payload moves to float32's top mantissa bits
            return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13);
        }
        if (exponent == 0) { // zero or subnormal: mantissa × 2^-24, exact in float32
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent + 127 - 15) << 23 | mantissa << 13);
    }
}
