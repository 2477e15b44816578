package io.pdm.federated.rules;

import io.pdm.federated.protocol.StrategySpec;
import java.util.Objects;

/**
 * How a round's deltas become the next global adapter: the rule combining them, then the server optimiser's
 * step (server SGD with η = 1 after FedAvg is plain federated averaging; FedAvgM, FedAdam and FedYogi keep state
 * that is stored with each published version and carried to the next round). On the wire it travels as a
 * {@link StrategySpec}; {@link StrategyRegistry} converts between the two.
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

    /** The strategy as announcements and lineages carry it. */
    public StrategySpec spec() {
        return StrategyRegistry.describe(this);
    }

    /** The behaviour a spec names; an unknown name or a bad parameter is an {@link IllegalArgumentException}. */
    public static AggregationStrategy from(StrategySpec spec) {
        return StrategyRegistry.resolve(spec);
    }
}
