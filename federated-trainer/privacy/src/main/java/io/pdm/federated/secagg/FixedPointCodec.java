package io.pdm.federated.secagg;

/**
 * Maps floats to the ring Z_2^32 the masks live in: clamp to [−range, range], multiply by scale, round to
 * nearest. Sums wrap modulo 2^32 and decode correctly as long as |true sum| · scale &lt; 2^31, which
 * {@link #requireNoOverflow} checks for a given client count. Rounding error is at most 0.5/scale per client
 * and coordinate.
 *
 * @param scale quantisation steps per unit (e.g. 2^16)
 * @param range values are clamped to ±range before quantising
 */
public record FixedPointCodec(double scale, double range) {

    public FixedPointCodec {
        if (!(scale > 0) || !(range > 0) || Double.isInfinite(scale * range)) {
            throw new IllegalArgumentException("need scale > 0 and range > 0; got " + scale + ", " + range);
        }
    }

    public void requireNoOverflow(int clients) {
        double largestSum = clients * Math.rint(range * scale);
        if (largestSum >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(
                    "%d clients x range %.3g x scale %.3g can reach %.3g, which overflows the 32-bit ring",
                    clients, range, scale, largestSum));
        }
    }

    public int[] encode(float[] values) {
        int[] encoded = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("cannot encode non-finite value at index " + i);
            }
            double clamped = Math.max(-range, Math.min(range, values[i]));
            encoded[i] = (int) Math.round(clamped * scale);
        }
        return encoded;
    }

    /** Decodes a (wrapped) ring sum back to floats, reading each word as a signed 32-bit integer. */
    public float[] decodeSum(int[] sum) {
        float[] decoded = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            decoded[i] = (float) (sum[i] / scale);
        }
        return decoded;
    }
}
