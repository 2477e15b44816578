package io.pdm.federated.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrivacyBudgetTest {

    private static final SampledGaussianRound ROUND = new SampledGaussianRound(0.01, 1.0, 100);

    @Test
    void chargesRoundsUntilTheNextWouldExceedTheTarget() {
        PrivacyBudget budget = PrivacyBudget.fresh("plant-7", 2.0, 1e-5);
        List<Double> spentAfterEachRound = new ArrayList<>();
        while (budget.epsilonAfter(ROUND) <= 2.0) {
            budget = budget.charge(ROUND);
            spentAfterEachRound.add(budget.spentEpsilon());
        }
        PrivacyBudget exhausted = budget;

        assertThat(spentAfterEachRound).hasSizeGreaterThan(2).isSorted().allMatch(epsilon -> epsilon <= 2.0);
        assertThat(exhausted.chargedRounds()).isEqualTo(spentAfterEachRound.size());
        assertThatThrownBy(() -> exhausted.charge(ROUND))
                .isInstanceOfSatisfying(PrivacyBudgetExceededException.class, refused -> {
                    assertThat(refused.plant()).isEqualTo("plant-7");
                    assertThat(refused.epsilonAfterRound()).isGreaterThan(2.0);
                    assertThat(refused.targetEpsilon()).isEqualTo(2.0);
                })
                .hasMessageContaining("plant plant-7");
        assertThat(exhausted.spentEpsilon())
                .as("a refused charge spends nothing")
                .isEqualTo(spentAfterEachRound.get(spentAfterEachRound.size() - 1));
    }

    @Test
    void spentEpsilonEqualsTheAccountantsForAllChargedSteps() {
        PrivacyBudget twice = PrivacyBudget.fresh("p", 10, 1e-5).charge(ROUND).charge(ROUND);
        double direct = RdpAccountant.empty()
                .compose(new SampledGaussianRound(0.01, 1.0, 200))
                .guarantee(1e-5)
                .epsilon();

        assertThat(twice.spentEpsilon()).isCloseTo(direct, within(1e-12));
        assertThat(PrivacyBudget.fresh("p", 10, 1e-5).spentEpsilon()).isZero();
    }

    @Test
    void budgetSurvivesAJsonRoundTrip() throws Exception {
        PrivacyBudget budget = PrivacyBudget.fresh("p", 3, 1e-6).charge(ROUND);
        ObjectMapper json = new ObjectMapper();

        PrivacyBudget restored = json.readValue(json.writeValueAsString(budget), PrivacyBudget.class);

        assertThat(restored).isEqualTo(budget);
        assertThat(restored.spentEpsilon()).isEqualTo(budget.spentEpsilon());
    }
}
