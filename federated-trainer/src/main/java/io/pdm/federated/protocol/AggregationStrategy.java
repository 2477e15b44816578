package io.pdm.federated.protocol;

import io.pdm.federated.aggregate.AggregationRule;
import io.pdm.federated.aggregate.FedAvg;
import io.pdm.federated.aggregate.ServerOptimizer;
import io.pdm.federated.aggregate.ServerSgd;
import java.util.Objects;

/**
 * How a round's deltas become the next global adapter: the rule combining them, then the server optimiser's
 * step (server SGD with η = 1 after FedAvg is plain federated averaging; FedAvgM, FedAdam and FedYogi keep state
 * that is stored with each published version and carried to the next round).
 */
public record AggregationStrategy(AggregationRule rule, ServerOptimizer serverOptimizer) {

    public AggregationStrategy {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(serverOptimizer, "serverOptimizer");
    }

    public static AggregationStrategy of(AggregationRule rule) {
        return new AggregationStrategy(rule, new ServerSgd(1f));
    }

    public static AggregationStrategy fedAvg() {
        return of(new FedAvg());
    }
}
