package io.pdm.model.io;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * The element types this codec converts to and from float32, with their safetensors names and sizes. Writing F16 or
 * BF16 rounds to nearest, ties to even (as PyTorch's casts do); writing F64 is exact; I8 holds integers only.
 */
public enum SafetensorsDtype {
    F32(4) {
        @Override
        void decode(ByteBuffer src, float[] dst) {
            src.asFloatBuffer().get(dst); // a bulk copy keeps every bit, NaN payloads included
        }

        @Override
        void encode(FloatBuffer src, ByteBuffer dst) {
            int count = src.remaining();
            dst.asFloatBuffer().put(src); // a bulk copy, in dst's (little-endian) order
            dst.position(dst.position() + 4 * count);
        }
    },
    F16(2) {
        @Override
        void decode(ByteBuffer src, float[] dst) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = halfToFloat(src.getShort(2 * i));
            }
        }

        @Override
        void encode(FloatBuffer src, ByteBuffer dst) {
            while (src.hasRemaining()) {
                dst.putShort(floatToHalf(src.get()));
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

        @Override
        void encode(FloatBuffer src, ByteBuffer dst) {
            while (src.hasRemaining()) {
                dst.putShort(floatToBfloat16(src.get()));
            }
        }
    },
    /**
     * Signed 8-bit integers, e.g. the quantised federated deltas ({@code io.pdm.federated.protocol.Int8Deltas}, which
     * keeps the scales in the metadata). Only integer values in [-128, 127] can be written: choosing the scale and
     * the rounding is the caller's, so a float that is not such an integer is refused rather than silently rounded.
     */
    I8(1) {
        @Override
        void decode(ByteBuffer src, float[] dst) {
            for (int i = 0; i < dst.length; i++) {
                dst[i] = src.get(i);
            }
        }

        @Override
        void encode(FloatBuffer src, ByteBuffer dst) {
            while (src.hasRemaining()) {
                float value = src.get();
                if (value != Math.rint(value) || value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
                    throw new IllegalArgumentException(
                            "I8 stores integers in [-128, 127]; quantise first (value was " + value + ")");
                }
                dst.put((byte) value);
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

        @Override
        void encode(FloatBuffer src, ByteBuffer dst) {
            while (src.hasRemaining()) {
                dst.putDouble(src.get());
            }
        }
    };

    final int byteSize;

    SafetensorsDtype(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Converts {@code dst.length} little-endian values starting at position 0 of {@code src}. */
    abstract void decode(ByteBuffer src, float[] dst);

    /** Appends every remaining value of {@code src} to the little-endian {@code dst}, advancing its position. */
    abstract void encode(FloatBuffer src, ByteBuffer dst);

    public int byteSize() {
        return byteSize;
    }

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

    /** float32 to IEEE 754 binary16, rounding to nearest even; overflow gives infinity, NaN stays NaN. */
    static short floatToHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xFF;
        int mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF) { // infinity, or NaN kept quiet with the payload's top bits
            return (short) (sign | 0x7C00 | (mantissa == 0 ? 0 : 0x200 | mantissa >>> 13));
        }
        int halfExponent = exponent - 127 + 15;
        if (halfExponent >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (halfExponent <= 0) { // a binary16 subnormal (m × 2^-24) or zero
            if (halfExponent < -10) {
                return (short) sign;
            }
            return (short) (sign | roundShift(mantissa | 0x800000, 14 - halfExponent));
        }
        // A carry out of the mantissa correctly bumps the exponent, up to infinity.
        return (short) (sign | roundShift(halfExponent << 23 | mantissa, 13));
    }

    /** float32 to bfloat16 (float32's top half), rounding to nearest even; NaN stays NaN. */
    static short floatToBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) (bits >>> 16 | 0x40);
        }
        return (short) roundShift(bits, 16);
    }

    /** {@code value >>> shift}, rounded to nearest with ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        return rest > half || (rest == half && (kept & 1) != 0) ? kept + 1 : kept;
    }
}
