package io.pdm.inference.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.inference.condition.ChannelLimits;
import io.pdm.inference.condition.ConditionFinding;
import io.pdm.inference.condition.ConditionWatch;
import io.pdm.inference.condition.WatchSettings;
import io.pdm.inference.policy.AlertCandidate;
import io.pdm.inference.policy.AlertKind;
import io.pdm.inference.policy.AlertPolicy;
import io.pdm.inference.policy.PolicySettings;
import io.pdm.inference.policy.RemainingLifePrediction;
import io.pdm.model.data.HealthStage;
import io.pdm.model.text.AlertFacts.LifeUnit;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FactSheetTest {
    static final Instant T = Instant.parse("2026-03-02T06:00:00Z");
    static final MaintenanceRecord LAST = new MaintenanceRecord(
            "log-2026-0117",
            "pump-07",
            LocalDate.parse("2026-01-17"),
            "replace",
            "bearing",
            "replaced DE bearing after noise",
            Double.NaN);
    static final MaintenanceRecord SIMILAR = new MaintenanceRecord(
            "maintie/318", "pump-03", LocalDate.parse("2025-11-04"), "inspect", null, "bearing noisy", 0.71);

    /** A condition alert of a pump with no model: zone D vibration on its first day. */
    static FactSheet conditionSheet() {
        ChannelLimits velocity =
                ChannelLimits.of("vib_velocity_rms", "mm/s", List.of(1.4, 2.8, 4.5), "ISO 10816-3 group 2 rigid");
        ConditionWatch watch = new ConditionWatch("pump-07", List.of(velocity), Map.of(), WatchSettings.DEFAULT);
        AlertPolicy policy = new AlertPolicy("plant-a", "pump-07", new PolicySettings(30, 10, 1, 1));
        List<ConditionFinding> findings = watch.observe(T, Map.of("vib_velocity_rms", 4.83));
        AlertCandidate c =
                policy.onCondition(T, Set.of("vib_velocity_rms"), findings).get(0);
        return FactSheets.of(
                c,
                "centrifugal-pump",
                List.of(Measurement.of("vib_velocity_rms", 4.83, "mm/s", T).withSlopePerHour(0.125)),
                LAST,
                List.of(SIMILAR));
    }

    static FactSheet lifeSheet() {
        AlertPolicy policy = new AlertPolicy("plant-a", "engine-17", new PolicySettings(30, 10, 1, 1));
        RemainingLifePrediction p = new RemainingLifePrediction(
                T, 22, 15, 31, LifeUnit.HOUR, HealthStage.CRITICAL, Map.of("bearing wear", 0.82, "seal leak", 0.18));
        AlertCandidate c = policy.onPrediction(p).stream()
                .filter(a -> a.kind() == AlertKind.REMAINING_LIFE_LOW)
                .findFirst()
                .orElseThrow();
        return FactSheets.of(c, "turbofan", List.of(), null, List.of(SIMILAR));
    }

    @Test
    void aConditionSheetHoldsTheTriggerWithUnitsTimesLimitAndTrend() {
        String text = FactSheetText.render(conditionSheet());
        assertThat(text)
                .contains("asset: pump-07\n")
                .contains("alert: condition limit, severity 800 of 1000, failure mode channel:vib_velocity_rms\n")
                .contains("measured vib_velocity_rms: 4.83 mm/s at 2026-03-02T06:00:00Z, zone D of ISO 10816-3 group 2"
                        + " rigid (from 4.5 mm/s), trend +0.125 mm/s per hour\n")
                .contains("remaining life: no model for this asset\n")
                .contains("act by: 2026-03-03\n")
                .contains(
                        "last maintenance [log-2026-0117] 2026-01-17 replace bearing: replaced DE bearing after noise\n")
                .contains("similar [maintie/318] 2025-11-04 inspect: bearing noisy (similarity 0.71)\n");
        assertThat(FactSheetText.render(conditionSheet())).isEqualTo(text);
    }

    @Test
    void aLifeSheetHoldsTheIntervalStageModesAndActByFromTheLowerEnd() {
        FactSheet sheet = lifeSheet();
        String text = FactSheetText.render(sheet);
        assertThat(text)
                .contains("remaining life: 22 hours [15, 31]\n")
                .contains("stage: critical\n")
                .contains("failure modes: bearing wear 0.82, seal leak 0.18\n")
                .contains("last maintenance: none known\n");
        // 06:00 plus the 15-hour lower end is 21:00 the same day.
        assertThat(sheet.actBy()).isEqualTo(LocalDate.parse("2026-03-02"));
        assertThat(sheet.severity()).isEqualTo(800);
    }

    @Test
    void citablesCoverNumbersWithUnitsDatesIdsPartsAndLogIds() {
        Citables c = Citables.of(conditionSheet());
        assertThat(c.quantities())
                .contains(
                        new Citables.Quantity(4.83, "mm/s"),
                        new Citables.Quantity(4.5, "mm/s"),
                        new Citables.Quantity(0.125, "mm/s"),
                        new Citables.Quantity(71.0, "%"));
        assertThat(c.dates())
                .contains(
                        LocalDate.parse("2026-03-02"),
                        LocalDate.parse("2026-03-03"),
                        LocalDate.parse("2026-01-17"),
                        LocalDate.parse("2025-11-04"));
        assertThat(c.identifiers())
                .contains(
                        "plant-a",
                        "pump-07",
                        "centrifugal-pump",
                        "vib_velocity_rms",
                        "ISO 10816-3 group 2 rigid",
                        "pump-03");
        assertThat(c.logIds()).containsExactlyInAnyOrder("log-2026-0117", "maintie/318");
        assertThat(c.parts()).contains("bearing", "pump").doesNotContain("impeller", "seal");
    }

    @Test
    void theRetrievalQueryNamesTypeModeAndChannelInWords() {
        assertThat(lifeSheet().failureMode()).isEqualTo("bearing wear");
        ChannelLimits velocity = ChannelLimits.of("vib_velocity_rms", "mm/s", List.of(2.8, 4.5), "x");
        ConditionWatch watch = new ConditionWatch("p", List.of(velocity), Map.of(), WatchSettings.DEFAULT);
        AlertPolicy policy = new AlertPolicy("plant-a", "p", new PolicySettings(30, 10, 1, 1));
        AlertCandidate c = policy.onCondition(
                        T, Set.of("vib_velocity_rms"), watch.observe(T, Map.of("vib_velocity_rms", 5.0)))
                .get(0);
        assertThat(FactSheets.query(c, "centrifugal-pump")).isEqualTo("centrifugal pump vib velocity rms high");
    }

    @Test
    void aLogIdWithBracketsIsRejectedBecauseTextsCiteIdsInBrackets() {
        assertThatThrownBy(() -> new MaintenanceRecord("a]b", "x", LocalDate.EPOCH, "replace", null, "t", 0))
                .hasMessageContaining("no brackets");
    }
}
