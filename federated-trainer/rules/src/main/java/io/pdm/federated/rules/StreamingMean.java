package io.pdm.federated.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * FedAvg folded as deltas arrive: memory is one double vector of the model's dimension however many plants
 * report. The sum runs in arrival order rather than plant order, so it can differ from {@link FedAvg} over the same
 * deltas in the last bit of a double, i.e. by at most one float ulp after rounding (StreamingMeanTest).
 */
public final class StreamingMean implements RoundAggregation {

    private final WeightedMeanAccumulator accumulator;
    private final TreeMap<String, Long> exampleCounts = new TreeMap<>();

    public StreamingMean(int dimension) {
        this.accumulator = new WeightedMeanAccumulator(dimension);
    }

    @Override
    public void add(String plant, float[] delta, long exampleCount) {
        if (exampleCounts.containsKey(plant)) {
            throw new IllegalArgumentException("plant " + plant + " sent more than one update");
        }
        if (exampleCount <= 0) {
            throw new IllegalArgumentException("exampleCount must be positive, was " + exampleCount + " for " + plant);
        }
        SpilledDeltas.requireFinite(plant, delta);
        accumulator.add(delta, exampleCount);
        exampleCounts.put(plant, exampleCount);
    }

    @Override
    public int count() {
        return accumulator.count();
    }

    /** The weighted mean; the report lists plants in name order, as the in-memory rule over sorted deltas does. */
    @Override
    public AggregationResult aggregate(float[] reference) {
        if (count() == 0) {
            throw new IllegalArgumentException("no client updates to aggregate");
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        exampleCounts.forEach((plant, examples) -> weights.put(plant, examples / accumulator.totalWeight()));
        return new AggregationResult(accumulator.mean(), new AggregationReport.WeightedMean(weights));
    }

    @Override
    public void close() {
        // nothing on disk; the accumulator goes with this object
    }
}
