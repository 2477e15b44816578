package io.pdm.bench.federated;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.ScoredWindows;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineFamiliesTest {

    @Test
    void plantsClusterByOperatingConditionsAndAStrangerFormsItsOwnCluster() {
        assertThat(MachineFamilies.clusters(List.of("FD001", "FD002", "FD003", "FD004")))
                .containsExactly(List.of(0, 2), List.of(1, 3));
        assertThat(MachineFamilies.clusters(List.of("FD004", "FD001", "other")))
                .containsExactly(List.of(1), List.of(0), List.of(2));
    }

    @Test
    void familiesMergeIntoOneRowInPlantOrder() {
        RulEvaluation a = new RulEvaluation("fd001", 1, 12, 1);
        RulEvaluation c = new RulEvaluation("fd003", 1, 11, 1);
        ScenarioResult first = new ScenarioResult(
                "x", Map.of("fd001", a, "fd003", c), new ScenarioResult.Traffic(100, 200), 2, 0.5, 1, "", Map.of());
        ScoredWindows scoredB =
                new ScoredWindows("fd002", new int[] {7}, new int[] {90}, new float[] {30}, new float[] {44});
        ScenarioResult second = ScenarioResult.scored(
                "y", Map.of("fd002", scoredB), new ScenarioResult.Traffic(400, 500), 3, 0.2, 2, "");

        ScenarioResult merged =
                MachineFamilies.merge("clustered", List.of(first, second), List.of("fd001", "fd002", "fd003"), "n");

        assertThat(merged.byPlant().keySet()).containsExactly("fd001", "fd002", "fd003");
        assertThat(merged.byPlant().get("fd002").rmse()).isEqualTo(14); // |44 - 30|, from the scored window
        assertThat(merged.predictions()).containsOnlyKeys("fd002").containsEntry("fd002", scoredB);
        assertThat(merged.traffic().upBytesPerPlantRound()).isEqualTo(200); // (2·100 + 400) / 3
        assertThat(merged.traffic().downBytesPerPlantRound()).isEqualTo(300);
        assertThat(merged.roundSeconds()).isEqualTo(3);
        assertThat(merged.protocolSeconds()).isEqualTo(0.5);
        assertThat(merged.aggregatorCpuSeconds()).isEqualTo(3);
    }
}
