package io.pdm.federated.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.federated.TestAggregators;
import io.pdm.federated.TestPki;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.rules.AggregationStrategy;
import io.pdm.federated.rules.FlTrust;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AggregatorSettingsIT {

    @Test
    void aRuleThatNeedsTheAggregatorsOwnUpdateIsRefusedWithoutOne() {
        TestPki pki = TestPki.create();
        RoundPolicy flTrust =
                RoundPolicy.plain(3, Duration.ofSeconds(30)).withStrategy(AggregationStrategy.of(new FlTrust()));
        AggregatorSettings plain =
                TestAggregators.settings(pki, RoundPolicy.plain(3, Duration.ofSeconds(30)), TestAggregators.PLANTS);

        assertThatThrownBy(() -> plain.withPolicy(flTrust))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FlTrust")
                .hasMessageContaining("trusted");
        AggregatorSettings withReference = new AggregatorSettings(
                plain.port(),
                plain.tls(),
                plain.revocationList(),
                plain.database(),
                plain.plants(),
                flTrust,
                plain.seedAdapter(),
                plain.baseModelHash(),
                plain.tickInterval(),
                (global, round) -> AdapterArithmetic.weights(global));
        assertThat(withReference
                        .withPolicy(RoundPolicy.plain(2, Duration.ofSeconds(5))
                                .withStrategy(AggregationStrategy.of(new FlTrust())))
                        .reference())
                .isSameAs(withReference.reference());
    }
}
