package io.pdm.model.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.model.data.SharedData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MaintenanceCorpusTest {
    private static MaintenanceCorpus corpus;

    @BeforeAll
    static void load() throws IOException {
        corpus = MaintenanceCorpus.load(SharedData.maintenanceLogsDir());
    }

    @Test
    void loadsEveryFaaRemarkAndEveryMaintieText() {
        // 2763 FAA rows, 15 of them without a remark (c119); 1076 MaintIE gold texts
        assertThat(corpus.fromSource(MaintenanceCorpus.FAA_AID)).hasSize(2748);
        assertThat(corpus.fromSource(MaintenanceCorpus.MAINTIE)).hasSize(1076);
        assertThat(corpus.texts()).hasSize(3824);
    }

    @Test
    void faaTextsCarryTheirControlNumberAndCauseCode() {
        MaintenanceText first = corpus.texts().get(0);

        assertThat(first)
                .isEqualTo(new MaintenanceText(
                        "faa-aid", "19750315005389A", "TAILWHEEL COCKED RIGHT PRIOR TO TKOF.", List.of("AU")));
        Map<String, Long> causes = corpus.fromSource(MaintenanceCorpus.FAA_AID).stream()
                .collect(Collectors.groupingBy(t -> t.labels().get(0), Collectors.counting()));
        assertThat(causes)
                .containsEntry("II", 1942L)
                .containsEntry("ME", 374L)
                .containsEntry("AU", 244L)
                .containsEntry("AF", 92L)
                .containsEntry("DE", 57L)
                .containsEntry("EQ", 23L)
                .containsEntry("AI", 15L)
                .containsEntry("AP", 1L)
                .hasSize(8);
    }

    @Test
    void maintieTextsCarryTheirEntityTypes() {
        MaintenanceText first = corpus.fromSource(MaintenanceCorpus.MAINTIE).get(0);

        assertThat(first.id()).isEqualTo("0");
        assertThat(first.text()).isEqualTo("<id> air conditioner thermostat not working");
        assertThat(first.labels())
                .containsExactly(
                        "PhysicalObject/EmittingObject/ElectricCoolingObject",
                        "PhysicalObject/SensingObject/TemperatureSensingObject",
                        "State/UndesirableState/FailedState");
    }

    @Test
    void textsAreWhitespaceNormalisedAndIdsUnique() {
        assertThat(corpus.texts())
                .allSatisfy(t -> assertThat(t.text())
                        .doesNotContain("  ")
                        .isEqualTo(t.text().strip()));
        assertThat(corpus.texts().stream()
                        .map(t -> t.source() + "/" + t.id())
                        .distinct()
                        .count())
                .isEqualTo(3824);
        assertThat(MaintenanceCorpus.normalise("  ENGINE QUIT\n ON   TKOF. ")).isEqualTo("ENGINE QUIT ON TKOF.");
    }

    @Test
    void splitIsDeterministicDisjointAndNearTheFraction() {
        MaintenanceCorpus.Split split = corpus.split(0.1);
        List<MaintenanceText> reversedTexts = new ArrayList<>(corpus.texts());
        Collections.reverse(reversedTexts);
        MaintenanceCorpus.Split reversed = new MaintenanceCorpus(reversedTexts).split(0.1);

        assertThat(split.train().size() + split.validation().size()).isEqualTo(3824);
        assertThat(split.validation()).doesNotContainAnyElementsOf(split.train());
        assertThat(split.validation().size()).isBetween(340, 425);
        assertThat(keys(reversed.validation())).isEqualTo(keys(split.validation()));
        assertThat(corpus.split(0).validation()).isEmpty();
        assertThat(corpus.split(1).train()).isEmpty();
    }

    private static Map<String, MaintenanceText> keys(List<MaintenanceText> texts) {
        return texts.stream().collect(Collectors.toMap(t -> t.source() + "/" + t.id(), Function.identity()));
    }
}
