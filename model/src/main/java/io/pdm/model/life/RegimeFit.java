package io.pdm.model.life;

import io.pdm.assets.Regimes;
import io.pdm.assets.lives.Life;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Learns an asset type's operating regimes ({@link Regimes}) and the per-regime channel statistics on training lives.
 *
 * <p>K_MEANS starts from a farthest-first traversal of the context values and refines with Lloyd's iterations. On
 * discrete operating points (C-MAPSS: six conditions, each a blob under 0.01 wide, at least 5 apart in altitude) the
 * traversal puts one start in every blob, so the result needs no random seed and does not depend on row order; the
 * centres are sorted, so regime indices are stable across runs.
 */
public final class RegimeFit {
    /** More regimes than this is a continuous context, not operating points: refused with a hint. */
    static final int MAX_REGIMES = 64;

    private static final int MAX_ITERATIONS = 100;

    private RegimeFit() {}

    /**
     * @param lives          training lives (any channel order; they must carry the context and model channels)
     * @param modelChannels  the model's channels, in protocol order
     * @param pooled         {mean, std} per model channel over every step ({@link LifeWindows#fitNormalisation}): a
     *                       regime with too few steps, or a channel constant within a regime, falls back to them
     */
    public static RegimeNormalisation fit(
            List<Life> lives, Regimes definition, List<String> modelChannels, double[][] pooled) {
        List<String> context = definition.channels();
        List<double[]> points = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Life life : lives) {
            Life ctx = life.select(context);
            Life model = life.select(modelChannels);
            for (int i = 0; i < life.steps(); i++) {
                points.add(ctx.step(i));
                values.add(model.step(i));
            }
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no training steps to learn regimes from");
        }
        double[] resolution = null;
        double[][] centres;
        if (definition.method() == Regimes.Method.ROUNDING) {
            resolution = definition.resolution().stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray();
            centres = rounded(points, resolution);
        } else {
            centres = kMeans(points, definition.count(), definition.detectionTolerance());
        }
        RegimeNormalisation shell = new RegimeNormalisation(
                context,
                definition.method().name(),
                resolution,
                centres,
                filled(centres.length, pooled[0]),
                filled(centres.length, pooled[1]),
                new long[centres.length]);
        return statistics(shell, points, values, pooled);
    }

    /** Per regime and channel, mean and std (Welford); pooled values where a regime cannot give its own. */
    private static RegimeNormalisation statistics(
            RegimeNormalisation shell, List<double[]> points, List<double[]> values, double[][] pooled) {
        int k = shell.count();
        int c = pooled[0].length;
        double[][] mean = new double[k][c];
        double[][] m2 = new double[k][c];
        long[] n = new long[k];
        for (int i = 0; i < points.size(); i++) {
            int r = shell.regimeOf(points.get(i));
            double[] v = values.get(i);
            n[r]++;
            for (int j = 0; j < c; j++) {
                double d = v[j] - mean[r][j];
                mean[r][j] += d / n[r];
                m2[r][j] += d * (v[j] - mean[r][j]);
            }
        }
        double[][] std = new double[k][c];
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < c; j++) {
                if (n[r] == 0) {
                    mean[r][j] = pooled[0][j];
                }
                double s = n[r] > 1 ? Math.sqrt(m2[r][j] / (n[r] - 1)) : 0;
                // A channel constant within a regime (or a regime of one step) would divide noise by ~0.
                std[r][j] = s < 1e-9 * Math.max(1, Math.abs(mean[r][j])) ? pooled[1][j] : s;
            }
        }
        return new RegimeNormalisation(
                shell.channels(), shell.method(), shell.resolution(), shell.centres(), mean, std, n);
    }

    /** Each distinct rounded context vector, sorted. */
    static double[][] rounded(List<double[]> points, double[] resolution) {
        TreeMap<double[], Boolean> distinct = new TreeMap<>(Arrays::compare);
        for (double[] p : points) {
            double[] key = new double[p.length];
            for (int c = 0; c < p.length; c++) {
                key[c] = RegimeNormalisation.round(p[c], resolution[c]);
            }
            distinct.put(key, Boolean.TRUE);
            if (distinct.size() > MAX_REGIMES) {
                throw new IllegalArgumentException("the context values rounded to " + Arrays.toString(resolution)
                        + " give more than " + MAX_REGIMES + " regimes; use a coarser resolution");
            }
        }
        return distinct.keySet().toArray(double[][]::new);
    }

    /**
     * Farthest-first starts (one per discrete operating point), then Lloyd's iterations; centres sorted.
     *
     * @param count the number of regimes, or null to add centres while a point is farther than {@code tolerance}
     */
    static double[][] kMeans(List<double[]> points, Integer count, double tolerance) {
        List<double[]> centres = farthestFirst(points, count, tolerance);
        int[] assignment = new int[points.size()];
        Arrays.fill(assignment, -1);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[][] current = centres.toArray(double[][]::new);
            boolean changed = false;
            for (int i = 0; i < assignment.length; i++) {
                int r = nearest(current, points.get(i));
                changed |= r != assignment[i];
                assignment[i] = r;
            }
            if (!changed) {
                break;
            }
            centres = means(points, assignment, current);
        }
        centres.sort(Arrays::compare);
        return centres.toArray(double[][]::new);
    }

    private static List<double[]> farthestFirst(List<double[]> points, Integer count, double tolerance) {
        List<double[]> centres = new ArrayList<>();
        centres.add(points.get(0).clone());
        double[] nearest = new double[points.size()];
        Arrays.fill(nearest, Double.MAX_VALUE);
        while (true) {
            double[] newest = centres.get(centres.size() - 1);
            int farthest = 0;
            for (int i = 0; i < nearest.length; i++) {
                nearest[i] = Math.min(nearest[i], squaredDistance(points.get(i), newest));
                if (nearest[i] > nearest[farthest]) {
                    farthest = i;
                }
            }
            boolean done = count == null
                    ? Math.sqrt(nearest[farthest]) <= tolerance
                    : centres.size() == count || nearest[farthest] == 0;
            if (done) {
                return centres;
            }
            if (centres.size() == MAX_REGIMES) {
                throw new IllegalArgumentException("the context values do not form at most " + MAX_REGIMES
                        + " regimes within a tolerance of " + tolerance + "; give a count or a larger tolerance");
            }
            centres.add(points.get(farthest).clone());
        }
    }

    /** New centres as cluster means; a cluster that lost all members keeps its old centre. */
    private static List<double[]> means(List<double[]> points, int[] assignment, double[][] previous) {
        int dims = previous[0].length;
        double[][] sums = new double[previous.length][dims];
        int[] counts = new int[previous.length];
        for (int i = 0; i < assignment.length; i++) {
            counts[assignment[i]]++;
            for (int c = 0; c < dims; c++) {
                sums[assignment[i]][c] += points.get(i)[c];
            }
        }
        List<double[]> centres = new ArrayList<>();
        for (int r = 0; r < previous.length; r++) {
            int n = counts[r];
            centres.add(
                    n == 0
                            ? previous[r]
                            : Arrays.stream(sums[r]).map(s -> s / n).toArray());
        }
        return centres;
    }

    /** Index of the centre nearest to a point (the first on a tie). */
    static int nearest(double[][] centres, double[] point) {
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int r = 0; r < centres.length; r++) {
            double d = squaredDistance(point, centres[r]);
            if (d < bestDistance) {
                bestDistance = d;
                best = r;
            }
        }
        return best;
    }

    private static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int c = 0; c < a.length; c++) {
            double d = a[c] - b[c];
            sum += d * d;
        }
        return sum;
    }

    private static double[][] filled(int rows, double[] row) {
        double[][] out = new double[rows][];
        Arrays.fill(out, row);
        return out;
    }
}
