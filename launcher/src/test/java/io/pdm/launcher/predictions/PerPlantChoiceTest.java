package io.pdm.launcher.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerPlantChoiceTest {

    private static Map<String, Map<String, Double>> settings(Object... nameAndFigures) {
        Map<String, Map<String, Double>> rmse = new LinkedHashMap<>();
        for (int i = 0; i < nameAndFigures.length; i += 2) {
            double[] v = (double[]) nameAndFigures[i + 1];
            Map<String, Double> plants = new LinkedHashMap<>();
            for (int p = 0; p < v.length; p++) plants.put("fd00" + (p + 1), v[p]);
            rmse.put((String) nameAndFigures[i], plants);
        }
        return rmse;
    }

    @Test
    void aLargerSettingIsChosenOnlyIfItIsTheMarginBelowEveryCheaperOne() {
        // The ninth pass's tuning figures (K = 5), cheapest first.
        var rmse = settings(
                "t7", new double[] {10.36, 13.11, 10.01, 16.72},
                "m8", new double[] {10.20, 13.14, 9.81, 16.51},
                "m16", new double[] {10.36, 13.08, 9.59, 16.48});

        assertThat(PerPlantChoice.choose(rmse, 0.05))
                .containsExactly(
                        Map.entry("fd001", "m8"), // m16 is not below m8
                        Map.entry("fd002", "t7"), // m16 only 0.03 below t7, m8 above it
                        Map.entry("fd003", "m16"), // 0.22 below m8, 0.42 below t7
                        Map.entry("fd004", "m8")); // m16 only 0.03 below m8
        assertThat(PerPlantChoice.choose(rmse, 0.0))
                .containsEntry("fd002", "m16")
                .containsEntry("fd004", "m16");
        assertThat(PerPlantChoice.choose(rmse, 1.0))
                .containsOnly(
                        Map.entry("fd001", "t7"),
                        Map.entry("fd002", "t7"),
                        Map.entry("fd003", "t7"),
                        Map.entry("fd004", "t7"));
    }

    @Test
    void equalFiguresGoToTheCheaperSettingAndMissingFiguresAreRefused() {
        assertThat(PerPlantChoice.choose(settings("a", new double[] {5}, "b", new double[] {5}), 0))
                .containsExactly(Map.entry("fd001", "a"));
        assertThatThrownBy(() -> PerPlantChoice.choose(settings("a", new double[] {5, 6}, "b", new double[] {4}), 0.05))
                .hasMessage("setting b has no figure for fd002");
        assertThatThrownBy(() -> PerPlantChoice.choose(settings("a", new double[] {5}), -1))
                .hasMessageContaining("margin");
    }
}
