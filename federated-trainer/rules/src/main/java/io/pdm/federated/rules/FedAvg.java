package io.pdm.federated.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Federated averaging (McMahan et al. 2017): the mean of the deltas weighted by each plant's example count.
 * Not robust: one plant can move the result arbitrarily far.
 */
public record FedAvg() implements AggregationRule {

    @Override
    public AggregationResult aggregate(List<ClientUpdate> updates) {
        int dimension = UpdateValidation.requireConsistent(updates);
        WeightedMeanAccumulator accumulator = new WeightedMeanAccumulator(dimension);
        for (ClientUpdate update : updates) {
            accumulator.add(update.deltaView(), update.exampleCount());
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (ClientUpdate update : updates) {
            weights.put(update.plant(), update.exampleCount() / accumulator.totalWeight());
        }
        return new AggregationResult(accumulator.mean(), new AggregationReport.WeightedMean(weights));
    }
}
