package io.pdm.model.tensor;

/** Float arrays as bit patterns, for assertions that must tell NaN payloads and -0.0 apart (or not). */
public final class FloatBits {
    private FloatBits() {}

    /** Every bit, NaN payloads included. */
    public static int[] raw(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    /** Bits with all NaNs made one, -0.0 still distinct from 0.0. */
    public static int[] canonical(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToIntBits(values[i]);
        }
        return bits;
    }
}
