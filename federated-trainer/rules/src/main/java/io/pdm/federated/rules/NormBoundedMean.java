package io.pdm.federated.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FedAvg with norm bounding (Sun et al. 2019, "Can You Really Backdoor Federated Learning?"): each delta whose L2
 * norm exceeds the median norm of the round is scaled down to it, then the deltas are averaged by example count.
 * A minority of plants can then pull the mean at most as far as an ordinary plant would, whatever they scale their
 * update by, while every honest plant still counts, which matters when plants are as different (non-IID) as the
 * C-MAPSS subsets: coordinate-wise trimming and Krum drop honest but unusual plants too. It does not stop a bounded
 * attack in a bad direction; it limits its size.
 */
public record NormBoundedMean() implements AggregationRule {

    @Override
    public AggregationResult aggregate(List<ClientUpdate> updates) {
        UpdateValidation.requireConsistent(updates);
        UpdateNorms measured = UpdateNorms.of(updates);
        double[] norms = measured.norms();
        double bound = measured.median();
        List<ClientUpdate> bounded = new ArrayList<>(updates.size());
        Map<String, Double> scales = new LinkedHashMap<>();
        for (int i = 0; i < updates.size(); i++) {
            ClientUpdate update = updates.get(i);
            double scale = norms[i] > bound ? bound / norms[i] : 1;
            scales.put(update.plant(), scale);
            bounded.add(
                    scale == 1
                            ? update
                            : new ClientUpdate(
                                    update.plant(), scaled(update.deltaView(), scale), update.exampleCount()));
        }
        AggregationResult mean = new FedAvg().aggregate(bounded);
        Map<String, Double> weights = ((AggregationReport.WeightedMean) mean.report()).weightByPlant();
        return new AggregationResult(mean.delta(), new AggregationReport.NormBounded(bound, scales, weights));
    }

    private static float[] scaled(float[] vector, double scale) {
        float[] out = new float[vector.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (vector[i] * scale);
        }
        return out;
    }
}
