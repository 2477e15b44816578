package io.pdm.bench.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The scenario registry keeps the names users type and the rows print, in the order the bench always ran them. */
class FederatedScenarioTest {

    @Test
    void namesAreTheCliNamesInRunOrder() {
        assertThat(FederatedScenario.names())
                .containsExactly(
                        "base",
                        "local",
                        "local+validated",
                        "fedavg",
                        "fedprox",
                        "fedavg+personal",
                        "fedavg+finetune",
                        "fedprox+finetune",
                        "ditto",
                        "clustered",
                        "clustered+finetune",
                        "compact",
                        "compact+finetune",
                        "fedadam",
                        "fedadam+finetune",
                        "pooled",
                        "pooled-full",
                        "pooled-finetune",
                        "dp",
                        "dpsgd",
                        "secagg",
                        "byzantine",
                        "fltrust")
                .doesNotHaveDuplicates();
    }

    @Test
    void everyNameResolvesToItsScenario() {
        for (FederatedScenario scenario : FederatedScenario.values()) {
            assertThat(FederatedScenario.byName(scenario.cliName())).isSameAs(scenario);
        }
    }

    @Test
    void anUnknownNameIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> FederatedScenario.byName("FedAvg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown scenario 'FedAvg'; choose from base,local,local+validated,fedavg,")
                .hasMessageEndingWith(",byzantine,fltrust");
    }

    @Test
    void onlyTheCentralisedAndLocalScenariosSkipTheWarmUpRound() {
        assertThat(Arrays.stream(FederatedScenario.values()).filter(s -> !s.federates()))
                .containsExactly(
                        FederatedScenario.BASE,
                        FederatedScenario.LOCAL,
                        FederatedScenario.LOCAL_VALIDATED,
                        FederatedScenario.POOLED,
                        FederatedScenario.POOLED_FULL,
                        FederatedScenario.POOLED_FINETUNE);
    }

    @Test
    void compactWithFinetuneIsListedAndFederates() {
        FederatedScenario scenario = FederatedScenario.byName("compact+finetune");

        assertThat(scenario).isSameAs(FederatedScenario.COMPACT_FINETUNE);
        assertThat(scenario.federates()).isTrue();
        assertThat(BenchOptions.defaults().scenarios()).contains(scenario);
    }

    @Test
    void defaultsRunEveryScenario() {
        assertThat(BenchOptions.defaults().scenarios()).isEqualTo(EnumSet.allOf(FederatedScenario.class));
    }
}
