package io.pdm.federated.rules;

import io.pdm.federated.dp.GaussianDeltaMechanism;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leaves out anomalous updates, then takes the {@link NormBoundedMean} of the rest. An update is left out when its
 * L2 norm exceeds {@code maxNormRatio} × the round's median norm, or when, among the updates that passed the norm
 * test, its cosine with their coordinate-wise median is not above {@code minCosine}.
 *
 * <p>The norm test is SignGuard's norm filter (Xu et al., ICDCS 2022, upper bound 3 × the median norm); the direction
 * test is FLTrust's trust score (Cao et al., NDSS 2021: a client counts only if its update points the same way as a
 * trusted reference) with the coordinate-wise median as the reference, because the aggregator holds no data of its
 * own. Why both: with plants as different as the C-MAPSS subsets, honest updates after the first round are nearly
 * orthogonal (pairwise cosines of −0.1 to 0.1 were measured), so direction alone cannot tell a sign-flipped update
 * from an honest but different plant, and norm bounding alone still lets a flipped update pull at an honest norm.
 * An outsized update, however, is an anomaly in itself and is dropped rather than shrunk. An attacker that stays
 * within the norm test and is not anti-aligned is not detected, only limited by the norm bound.
 *
 * @param maxNormRatio an update counts only if its norm is at most this multiple of the median norm
 * @param minCosine    an update counts only if its cosine with the median of the norm-passing updates is above this
 */
public record FilteredMean(double maxNormRatio, double minCosine) implements AggregationRule {

    /** SignGuard's upper norm bound. */
    public static final double DEFAULT_MAX_NORM_RATIO = 3.0;

    public FilteredMean {
        if (!(maxNormRatio >= 1)) {
            throw new IllegalArgumentException("maxNormRatio must be at least 1, got " + maxNormRatio);
        }
        if (!(minCosine >= -1 && minCosine < 1)) {
            throw new IllegalArgumentException("minCosine must be in [-1, 1), got " + minCosine);
        }
    }

    /** Norm at most 3 × the median, and not pointing away from the median. */
    public FilteredMean() {
        this(DEFAULT_MAX_NORM_RATIO, 0);
    }

    @Override
    public AggregationResult aggregate(List<ClientUpdate> updates) {
        UpdateValidation.requireConsistent(updates);
        UpdateNorms measured = UpdateNorms.of(updates);
        double[] norms = measured.norms();
        double medianNorm = measured.median();
        Map<String, Double> normRatios = new LinkedHashMap<>();
        List<ClientUpdate> normal = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            // When most plants sent nothing, any non-zero update is the outlier.
            double ratio = medianNorm > 0 ? norms[i] / medianNorm : norms[i] == 0 ? 1 : Double.POSITIVE_INFINITY;
            normRatios.put(updates.get(i).plant(), ratio);
            if (ratio <= maxNormRatio) {
                normal.add(updates.get(i));
            }
        }
        float[] median = new CoordinateMedian().aggregate(normal).delta();
        Map<String, Double> cosines = new LinkedHashMap<>();
        List<ClientUpdate> kept = new ArrayList<>();
        for (ClientUpdate update : normal) {
            double cosine = cosine(update.deltaView(), median);
            cosines.put(update.plant(), cosine);
            if (cosine > minCosine) {
                kept.add(update);
            }
        }
        // A zero median gives no direction to filter by.
        List<ClientUpdate> counted = kept.isEmpty() ? normal : kept;
        List<String> rejected = updates.stream()
                .filter(update -> !counted.contains(update))
                .map(ClientUpdate::plant)
                .toList();
        AggregationResult bounded = new NormBoundedMean().aggregate(counted);
        return new AggregationResult(
                bounded.delta(),
                new AggregationReport.Filtered(
                        normRatios, cosines, rejected, (AggregationReport.NormBounded) bounded.report()));
    }

    /** Cosine similarity; 0 when either vector is zero. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        double norms = GaussianDeltaMechanism.l2Norm(a) * GaussianDeltaMechanism.l2Norm(b);
        return norms == 0 ? 0 : dot / norms;
    }
}
