package io.pdm.model.data.cmapss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The discrete operating conditions (altitude, Mach, throttle) an engine flies in, as cluster centres of
 * the three settings. C-MAPSS has one condition (FD001/FD003) or six (FD002/FD004), each a tight blob:
 * within-condition noise is below 0.01 in every setting, while conditions are at least 5 apart in
 * altitude. Distances are therefore taken on the raw settings, and k-means starts from a farthest-first
 * traversal, which on such data puts one initial centre in every blob, with no random seed needed.
 *
 * @param centres conditions × 3 settings
 */
public record OperatingConditions(double[][] centres) {
    /** Auto-detection adds centres while some setting vector is farther than this from all of them. */
    static final double DETECTION_TOLERANCE = 1.0;

    private static final int MAX_DETECTED = 16;
    private static final int MAX_ITERATIONS = 100;

    public OperatingConditions {
        if (centres.length == 0) {
            throw new IllegalArgumentException("at least one operating condition is needed");
        }
        centres = Arrays.stream(centres).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public double[][] centres() {
        return Arrays.stream(centres).map(double[]::clone).toArray(double[][]::new);
    }

    public int count() {
        return centres.length;
    }

    /** Index of the condition nearest to one row of settings. */
    public int conditionOf(float[] settings) {
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int k = 0; k < centres.length; k++) {
            double d = squaredDistance(settings, centres[k]);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    /**
     * Clusters setting rows with k-means.
     *
     * @param clusters the number of conditions, or {@link ProtocolOptions#AUTO_CONDITIONS} to count them
     */
    public static OperatingConditions fit(List<float[]> settings, int clusters) {
        List<double[]> centres = farthestFirst(settings, clusters);
        int[] assignment = new int[settings.size()];
        Arrays.fill(assignment, -1);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            OperatingConditions current = new OperatingConditions(centres.toArray(double[][]::new));
            boolean changed = false;
            for (int i = 0; i < assignment.length; i++) {
                int k = current.conditionOf(settings.get(i));
                changed |= k != assignment[i];
                assignment[i] = k;
            }
            if (!changed) {
                break;
            }
            centres = means(settings, assignment, centres);
        }
        // Ordered by the settings, so condition indices (and one-hot channels) do not depend on row order.
        centres.sort(Arrays::compare);
        return new OperatingConditions(centres.toArray(double[][]::new));
    }

    private static List<double[]> farthestFirst(List<float[]> settings, int clusters) {
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("no setting rows to cluster");
        }
        boolean auto = clusters == ProtocolOptions.AUTO_CONDITIONS;
        List<double[]> centres = new ArrayList<>();
        centres.add(toDouble(settings.get(0)));
        double[] nearest = new double[settings.size()];
        Arrays.fill(nearest, Double.MAX_VALUE);
        while (true) {
            double[] newest = centres.get(centres.size() - 1);
            int farthest = 0;
            for (int i = 0; i < nearest.length; i++) {
                nearest[i] = Math.min(nearest[i], squaredDistance(settings.get(i), newest));
                if (nearest[i] > nearest[farthest]) {
                    farthest = i;
                }
            }
            boolean done = auto
                    ? Math.sqrt(nearest[farthest]) <= DETECTION_TOLERANCE
                    : centres.size() == clusters || nearest[farthest] == 0;
            if (done) {
                return centres;
            }
            if (auto && centres.size() == MAX_DETECTED) {
                throw new IllegalArgumentException("settings do not form at most " + MAX_DETECTED
                        + " discrete operating conditions; give conditionClusters explicitly");
            }
            centres.add(toDouble(settings.get(farthest)));
        }
    }

    /** New centres as cluster means; a cluster that lost all members keeps its old centre. */
    private static List<double[]> means(List<float[]> settings, int[] assignment, List<double[]> previous) {
        double[][] sums = new double[previous.size()][CmapssEngine.SETTINGS];
        int[] counts = new int[previous.size()];
        for (int i = 0; i < assignment.length; i++) {
            float[] row = settings.get(i);
            counts[assignment[i]]++;
            for (int c = 0; c < row.length; c++) {
                sums[assignment[i]][c] += row[c];
            }
        }
        List<double[]> centres = new ArrayList<>();
        for (int k = 0; k < sums.length; k++) {
            int n = counts[k];
            centres.add(
                    n == 0
                            ? previous.get(k)
                            : Arrays.stream(sums[k]).map(s -> s / n).toArray());
        }
        return centres;
    }

    private static double squaredDistance(float[] row, double[] centre) {
        double sum = 0;
        for (int c = 0; c < row.length; c++) {
            double d = row[c] - centre[c];
            sum += d * d;
        }
        return sum;
    }

    private static double[] toDouble(float[] row) {
        double[] result = new double[row.length];
        for (int c = 0; c < row.length; c++) {
            result[c] = row[c];
        }
        return result;
    }
}
