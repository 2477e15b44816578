package io.pdm.federated.rules;

import static io.pdm.federated.protocol.SchemaCheck.assertMatches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.federated.protocol.FlJson;
import io.pdm.federated.protocol.StrategySpec;
import org.junit.jupiter.api.Test;

/** Every registered rule and optimiser travels as its documented schema says and comes back as the same behaviour. */
class StrategyRegistryTest {

    @Test
    void everyRuleMatchesTheStrategySchemaAndResolvesBack() {
        for (StrategyRegistry.Entry<AggregationRule> entry : StrategyRegistry.rules()) {
            AggregationStrategy strategy =
                    AggregationStrategy.of(entry.defaults().get());
            StrategySpec spec = strategy.spec();
            assertThat(spec.ruleName()).isEqualTo(entry.name());
            assertMatches(spec, "aggregation-strategy", null);
            StrategySpec wire = FlJson.read(FlJson.write(spec), StrategySpec.class);
            assertThat(AggregationStrategy.from(wire)).isEqualTo(strategy);
        }
    }

    @Test
    void everyServerOptimizerMatchesTheStrategySchemaAndResolvesBack() {
        for (StrategyRegistry.Entry<ServerOptimizer> entry : StrategyRegistry.optimizers()) {
            AggregationStrategy strategy =
                    new AggregationStrategy(new FedAvg(), entry.defaults().get());
            assertMatches(strategy.spec(), "aggregation-strategy", null);
            assertThat(AggregationStrategy.from(FlJson.read(FlJson.write(strategy.spec()), StrategySpec.class)))
                    .isEqualTo(strategy);
        }
    }

    @Test
    void theProtocolsFedAvgIsTheRegistrysFedAvg() {
        assertThat(AggregationStrategy.fedAvg().spec()).isEqualTo(StrategySpec.fedAvg());
        assertThat(AggregationStrategy.from(StrategySpec.fedAvg())).isEqualTo(AggregationStrategy.fedAvg());
    }

    @Test
    void parametersTravelWithTheRule() {
        AggregationStrategy krum = AggregationStrategy.of(new Krum(2, 3));
        assertThat(krum.spec().rule().get("byzantineCount").asInt()).isEqualTo(2);
        assertThat(AggregationStrategy.from(krum.spec())).isEqualTo(krum);
    }

    @Test
    void anUnknownNameIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> StrategyRegistry.rule("bulyan"))
                .hasMessageContaining("unknown rule 'bulyan'")
                .hasMessageContaining("trimmed-mean");
        StrategySpec bad = new StrategySpec(
                FlJson.mapper().createObjectNode().put("rule", "trimmed-mean").put("trimFraction", 0.9),
                StrategySpec.fedAvg().serverOptimizer());
        assertThatThrownBy(() -> AggregationStrategy.from(bad)).hasMessageContaining("bad parameters for trimmed-mean");
    }
}
