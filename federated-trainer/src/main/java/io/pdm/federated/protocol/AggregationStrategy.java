package io.pdm.federated.protocol;

import io.pdm.federated.aggregate.AggregationRule;
import io.pdm.federated.aggregate.FedAvg;
import io.pdm.federated.aggregate.ServerSgd;
import java.util.Objects;

/**
 * How a round's deltas become the next global adapter: the rule combining them, then a server SGD step
 * global + η · aggregate (η = 1 with FedAvg is plain federated averaging).
 */
public record AggregationStrategy(AggregationRule rule, float serverLearningRate) {

    public AggregationStrategy {
        Objects.requireNonNull(rule, "rule");
        new ServerSgd(serverLearningRate); // validates η
    }

    public static AggregationStrategy of(AggregationRule rule) {
        return new AggregationStrategy(rule, 1f);
    }

    public static AggregationStrategy fedAvg() {
        return of(new FedAvg());
    }

    public ServerSgd serverOptimizer() {
        return new ServerSgd(serverLearningRate);
    }
}
