package io.pdm.model.data.cmapss;

/**
 * Fixed-length input windows in one flat row-major buffer ({@code count × length × channels}), ready to
 * become a tensor in one copy. The arrays are not copied in or out because they can hold tens of
 * millions of values; treat them as read-only.
 *
 * @param values     window {@code i}, step {@code t}, channel {@code c} is at {@code (i * length + t) * channels + c}
 * @param rulTargets RUL target at each window's last cycle
 * @param units      engine unit of each window
 * @param endCycles  cycle (1-based) at which each window ends
 */
public record WindowSet(
        int count, int length, int channels, float[] values, float[] rulTargets, int[] units, int[] endCycles) {
    public WindowSet {
        if ((long) count * length * channels != values.length) {
            throw new IllegalArgumentException(
                    values.length + " values do not fill " + count + " × " + length + " × " + channels);
        }
        if (rulTargets.length != count || units.length != count || endCycles.length != count) {
            throw new IllegalArgumentException("need one target, unit and end cycle per window");
        }
    }

    /** A copy of window {@code i} as length × channels, for inspection. */
    public float[][] window(int i) {
        float[][] window = new float[length][channels];
        for (int t = 0; t < length; t++) {
            System.arraycopy(values, (i * length + t) * channels, window[t], 0, channels);
        }
        return window;
    }
}
