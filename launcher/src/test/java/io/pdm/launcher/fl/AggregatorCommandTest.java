package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.federated.rules.AggregationStrategy;
import io.pdm.federated.rules.FedAdam;
import io.pdm.federated.rules.FedAvg;
import io.pdm.federated.rules.ServerSgd;
import io.pdm.federated.rules.TrimmedMean;
import org.junit.jupiter.api.Test;

/** --strategy and --server-optimizer resolve through the registry; the older spellings still work for one release. */
class AggregatorCommandTest {

    @Test
    void registryNamesResolveWithTheirDefaults() {
        AggregationStrategy strategy = AggregatorCommand.strategy("trimmed-mean", "fedadam");
        assertThat(strategy.rule()).isEqualTo(new TrimmedMean(0.25));
        assertThat(strategy.serverOptimizer()).isInstanceOf(FedAdam.class);
    }

    @Test
    void olderSpellingsMeanWhatTheyMeantBefore() {
        assertThat(AggregatorCommand.strategy("trimmed", "sgd").rule()).isEqualTo(new TrimmedMean(0.25));
        AggregationStrategy fedAdam = AggregatorCommand.strategy("fedadam", "sgd");
        assertThat(fedAdam.rule()).isEqualTo(new FedAvg());
        assertThat(fedAdam.serverOptimizer()).isInstanceOf(FedAdam.class).isNotEqualTo(new ServerSgd(1f));
    }

    @Test
    void anUnknownRuleNamesTheKnownOnes() {
        assertThatThrownBy(() -> AggregatorCommand.strategy("bulyan", "sgd"))
                .hasMessageContaining("unknown rule 'bulyan'")
                .hasMessageContaining("fltrust");
    }
}
