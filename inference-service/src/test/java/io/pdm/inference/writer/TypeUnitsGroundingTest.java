package io.pdm.inference.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheets;
import io.pdm.inference.facts.Measurement;
import io.pdm.inference.policy.AlertCandidate;
import io.pdm.inference.policy.AlertKind;
import io.pdm.inference.policy.AlertPolicy;
import io.pdm.inference.policy.PolicySettings;
import io.pdm.inference.policy.RemainingLifePrediction;
import io.pdm.model.data.HealthStage;
import io.pdm.model.text.AlertFacts.LifeUnit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Units an asset type declares that no list knows (m3/h, °C/s, g²) and dimensionless channels (unit "1"): the
 * template's text cites them and must pass the check. Found by running the demo: every pump alert with flow or
 * kurtosis in its facts was delivered ungrounded.
 */
class TypeUnitsGroundingTest {
    static final Instant T = Instant.parse("2026-12-05T11:45:00Z");

    static FactSheet pumpSheet() {
        AlertPolicy policy = new AlertPolicy("plant-a", "pump-04", new PolicySettings(1, 0.25, 1, 1));
        RemainingLifePrediction p =
                new RemainingLifePrediction(T, 0.643, 0.194, 1.09, LifeUnit.HOUR, HealthStage.DEGRADING, Map.of());
        AlertCandidate c = policy.onPrediction(p).stream()
                .filter(a -> a.kind() == AlertKind.REMAINING_LIFE_LOW)
                .findFirst()
                .orElseThrow();
        return FactSheets.of(
                c,
                "Centrifugal pump set (simulator)",
                List.of(
                        Measurement.of("flow_m3h.mean", 93.1, "m3/h", T).withSlopePerHour(268),
                        Measurement.of("vibration.kurtosis", 2.1, "1", T).withSlopePerHour(2.37),
                        Measurement.of("temperature_c.slope", 0.00105, "°C/s", T)
                                .withSlopePerHour(0.026),
                        Measurement.of("vibration.band_1", 0.002, "g²", T)),
                null,
                List.of());
    }

    @Test
    void theTemplateCitesTypeUnitsAndDimensionlessValuesAndIsGrounded() {
        FactSheet sheet = pumpSheet();
        String text = new TemplateWriter().write(sheet, null);
        assertThat(text).contains("93.1 m3/h").contains("kurtosis at 2.1,").doesNotContain("2.1 1");
        assertThat(GroundingCheck.check(text, sheet)).isEmpty();
    }

    @Test
    void aWrongValueInATypeUnitIsStillCaught() {
        FactSheet sheet = pumpSheet();
        assertThat(GroundingCheck.check("pump-04: flow_m3h.mean at 71.4 m3/h.", sheet))
                .extracting(Violation::kind)
                .containsExactly(Violation.Kind.UNIT);
        assertThat(GroundingCheck.check("pump-04: flow 93.1 °C/s.", sheet))
                .extracting(Violation::kind)
                .containsExactly(Violation.Kind.UNIT);
    }
}
