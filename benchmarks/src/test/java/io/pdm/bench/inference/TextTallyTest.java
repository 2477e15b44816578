package io.pdm.bench.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheets;
import io.pdm.inference.facts.Measurement;
import io.pdm.inference.policy.AlertCandidate;
import io.pdm.inference.policy.AlertKind;
import io.pdm.inference.policy.Fingerprint;
import io.pdm.inference.policy.RemainingLifePrediction;
import io.pdm.inference.writer.Violation;
import io.pdm.inference.writer.WrittenAlert;
import io.pdm.model.data.HealthStage;
import io.pdm.model.text.AlertFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Numbers in texts are counted as the grounding check reads them; unsupported ones are the ones it names. */
class TextTallyTest {
    static final Instant T = Instant.parse("2026-03-02T10:15:00Z");

    static FactSheet sheet() {
        RemainingLifePrediction p = new RemainingLifePrediction(
                T, 42.5, 30, 55, AlertFacts.LifeUnit.CYCLE, HealthStage.DEGRADING, Map.of());
        AlertCandidate c = new AlertCandidate(
                Fingerprint.of("plant-a", "pump-07", AlertKind.REMAINING_LIFE_LOW, Fingerprint.UNSPECIFIED),
                "plant-a",
                "pump-07",
                AlertKind.REMAINING_LIFE_LOW,
                Fingerprint.UNSPECIFIED,
                AlertCandidate.State.RAISED,
                700,
                T,
                p,
                List.of(),
                "remaining life below 50 cycles");
        return FactSheets.of(c, "Test pump", List.of(Measurement.of("s7", 552.3, "psia", T)), null, List.of());
    }

    static WrittenAlert written(String text, boolean grounded) {
        return new WrittenAlert(text, "template", 1, grounded, List.of(), null, List.of(), Duration.ZERO);
    }

    @Test
    void identifiersAreNotNumbersAndRoundedValuesAreSupported() {
        TextTally tally = new TextTally();
        tally.add(
                sheet(),
                written("pump-07: remaining life 42.5 cycles (between 30 and 55 cycles); s7 at 552 psia.", true));

        TextTally.Summary s = tally.summary();
        assertThat(s.texts()).isEqualTo(1);
        assertThat(s.grounded()).isEqualTo(1).isEqualTo(s.recordedGrounded());
        assertThat(s.numbers()).isEqualTo(4); // 42.5, 30, 55, 552: not the 07 of pump-07 nor the 7 of s7
        assertThat(s.supported()).isEqualTo(4);
    }

    @Test
    void anInventedNumberIsCountedUnsupported() {
        TextTally tally = new TextTally();
        tally.add(sheet(), written("pump-07: remaining life 42.5 cycles; replace it within 17 cycles.", false));

        TextTally.Summary s = tally.summary();
        assertThat(s.grounded()).isZero();
        assertThat(s.recordedGrounded()).isZero();
        assertThat(s.numbers()).isEqualTo(2);
        assertThat(s.supported()).isEqualTo(1);
        assertThat(s.supportedShare()).isEqualTo(0.5);
    }

    @Test
    void eachTextCountsAsTheWritersFirstAttemptItsRewriteOrTheTemplateInItsPlace() {
        TextTally tally = new TextTally();
        String ok = "pump-07: remaining life 42.5 cycles.";
        List<Violation> rejected = List.of(new Violation(Violation.Kind.NUMBER, "17", "no such number in the facts"));
        tally.add(
                sheet(), new WrittenAlert(ok, "local:w", 1, true, List.of(), null, List.of(), Duration.ofMillis(900)));
        tally.add(
                sheet(), new WrittenAlert(ok, "local:w", 2, true, rejected, null, List.of(), Duration.ofMillis(1800)));
        tally.add(
                sheet(),
                new WrittenAlert(
                        ok, "template", 3, true, rejected, "two texts failed", List.of(), Duration.ofMillis(2500)));

        TextTally.Summary s = tally.summary();
        assertThat(s.firstWrite()).isEqualTo(1);
        assertThat(s.afterRewrite()).isEqualTo(1);
        assertThat(s.fallbacks()).isEqualTo(1);
        assertThat(s.draftViolations()).containsEntry(Violation.Kind.NUMBER, 2);
        assertThat(s.writeP50Ms()).isEqualTo(1800);
        assertThat(s.writeP99Ms()).isEqualTo(2500);
    }
}
