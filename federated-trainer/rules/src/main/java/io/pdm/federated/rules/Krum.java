package io.pdm.federated.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Krum and Multi-Krum (Blanchard et al. 2017, "Machine Learning with Adversaries: Byzantine Tolerant Gradient
 * Descent"). Each client's score is the sum of squared L2 distances to its n − f − 2 nearest other clients;
 * the {@code selectCount} lowest-scoring updates are averaged (unweighted). selectCount = 1 is Krum.
 *
 * <p>Cost is O(n²·d) for the pairwise distances, so it suits tens of plants, not thousands. The paper's
 * guarantee needs n &gt; 2f + 2; we only require n ≥ f + 3 so that every score has at least one neighbour.
 *
 * @param byzantineCount f, the number of Byzantine clients to tolerate
 * @param selectCount    m, how many of the most central updates to average
 */
public record Krum(int byzantineCount, int selectCount) implements AggregationRule {

    public Krum {
        if (byzantineCount < 0 || selectCount < 1) {
            throw new IllegalArgumentException("need f >= 0 and m >= 1, got f=" + byzantineCount + " m=" + selectCount);
        }
    }

    public static Krum single(int byzantineCount) {
        return new Krum(byzantineCount, 1);
    }

    public static Krum multi(int byzantineCount, int selectCount) {
        return new Krum(byzantineCount, selectCount);
    }

    @Override
    public AggregationResult aggregate(List<ClientUpdate> updates) {
        int dimension = UpdateValidation.requireConsistent(updates);
        int n = updates.size();
        int neighbours = n - byzantineCount - 2;
        if (neighbours < 1 || selectCount > n) {
            throw new IllegalArgumentException("Krum with f=" + byzantineCount + ", m=" + selectCount
                    + " needs at least " + Math.max(byzantineCount + 3, selectCount) + " clients, got " + n);
        }
        double[][] distances = pairwiseSquaredDistances(updates);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            double[] others = new double[n - 1];
            for (int j = 0, k = 0; j < n; j++) {
                if (j != i) {
                    others[k++] = distances[i][j];
                }
            }
            Arrays.sort(others);
            for (int k = 0; k < neighbours; k++) {
                scores[i] += others[k];
            }
        }
        Integer[] byScore = IntStream.range(0, n)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).thenComparingInt(i -> i))
                .toArray(Integer[]::new);
        WeightedMeanAccumulator mean = new WeightedMeanAccumulator(dimension);
        List<String> selected = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (int rank = 0; rank < n; rank++) {
            ClientUpdate update = updates.get(byScore[rank]);
            if (rank < selectCount) {
                mean.add(update.deltaView(), 1.0);
                selected.add(update.plant());
            } else {
                rejected.add(update.plant());
            }
        }
        Map<String, Double> scoreByPlant = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            scoreByPlant.put(updates.get(i).plant(), scores[i]);
        }
        return new AggregationResult(
                mean.mean(), new AggregationReport.KrumSelection(scoreByPlant, selected, rejected));
    }

    private static double[][] pairwiseSquaredDistances(List<ClientUpdate> updates) {
        int n = updates.size();
        double[][] distances = new double[n][n];
        IntStream.range(0, n).parallel().forEach(i -> {
            float[] a = updates.get(i).deltaView();
            for (int j = i + 1; j < n; j++) {
                float[] b = updates.get(j).deltaView();
                double sum = 0;
                for (int k = 0; k < a.length; k++) {
                    double diff = (double) a[k] - b[k];
                    sum += diff * diff;
                }
                distances[i][j] = sum;
            }
        });
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                distances[i][j] = distances[j][i];
            }
        }
        return distances;
    }
}
