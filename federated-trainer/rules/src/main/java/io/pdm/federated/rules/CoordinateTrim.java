package io.pdm.federated.rules;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Shared kernel of the trimmed mean and the median: at every coordinate sort the n client values, drop
 * {@code trimPerSide} from each end and average the rest (unweighted, as in Yin et al. 2018). Coordinates are
 * processed in independent blocks in parallel. Each value is packed with its client index into one sortable
 * long, so sorting is primitive (no boxing) and ties break deterministically by client order.
 */
final class CoordinateTrim {

    private static final int BLOCK = 4096;

    private CoordinateTrim() {}

    static AggregationResult aggregate(List<ClientUpdate> updates, int trimPerSide) {
        int dimension = UpdateValidation.requireConsistent(updates);
        int n = updates.size();
        if (trimPerSide < 0 || 2 * trimPerSide >= n) {
            throw new IllegalArgumentException("cannot trim " + trimPerSide + " per side from " + n + " clients");
        }
        float[][] deltas = updates.stream().map(ClientUpdate::deltaView).toArray(float[][]::new);
        float[] result = new float[dimension];
        int blocks = (dimension + BLOCK - 1) / BLOCK;
        long[] trimmedCounts = IntStream.range(0, blocks)
                .parallel()
                .mapToObj(block ->
                        trimBlock(deltas, trimPerSide, block * BLOCK, Math.min(dimension, (block + 1) * BLOCK), result))
                .reduce(new long[n], CoordinateTrim::addCounts);
        Map<String, Long> byPlant = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byPlant.put(updates.get(i).plant(), trimmedCounts[i]);
        }
        return new AggregationResult(result, new AggregationReport.CoordinateTrim(trimPerSide, dimension, byPlant));
    }

    /** Fills result[from, to) and returns how often each client was trimmed in that range. */
    private static long[] trimBlock(float[][] deltas, int trimPerSide, int from, int to, float[] result) {
        int n = deltas.length;
        long[] keys = new long[n];
        long[] trimmed = new long[n];
        int kept = n - 2 * trimPerSide;
        for (int coordinate = from; coordinate < to; coordinate++) {
            for (int client = 0; client < n; client++) {
                keys[client] = ((long) sortableBits(deltas[client][coordinate]) << 32) | client;
            }
            Arrays.sort(keys);
            double sum = 0;
            for (int rank = 0; rank < n; rank++) {
                int client = (int) keys[rank];
                if (rank < trimPerSide || rank >= n - trimPerSide) {
                    trimmed[client]++;
                } else {
                    sum += deltas[client][coordinate];
                }
            }
            result[coordinate] = (float) (sum / kept);
        }
        return trimmed;
    }

    /** Maps a float to an int whose signed order equals the float order (NaN excluded by the caller's data). */
    private static int sortableBits(float value) {
        int bits = Float.floatToIntBits(value);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    private static long[] addCounts(long[] left, long[] right) {
        long[] sum = new long[left.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = left[i] + right[i];
        }
        return sum;
    }
}
