package io.pdm.inference.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheetTestData;
import io.pdm.inference.writer.Violation.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundingCheckTest {
    private final FactSheet condition = FactSheetTestData.conditionSheet();
    private final FactSheet life = FactSheetTestData.lifeSheet();

    private static List<Kind> kinds(String text, FactSheet sheet) {
        return GroundingCheck.check(text, sheet).stream().map(Violation::kind).toList();
    }

    @Test
    void theTemplateIsAlwaysGrounded() {
        for (FactSheet sheet : List.of(condition, life)) {
            String text = new TemplateWriter().write(sheet, null);
            assertThat(GroundingCheck.check(text, sheet)).as(text).isEmpty();
        }
        assertThat(new TemplateWriter().write(condition, null))
                .isEqualTo("pump-07 (centrifugal-pump): condition alarm; vib_velocity_rms at 4.83 mm/s, zone D of"
                        + " ISO 10816-3 group 2 rigid, trend +0.125 mm/s per hour. Measured on the asset, not"
                        + " predicted (no remaining-life model for it). Inspect pump-07 and prepare to take it out"
                        + " of service by 2026-03-03. Last maintenance: replace on 2026-01-17 [log-2026-0117]."
                        + " Similar past work: [maintie/318] inspect on 2025-11-04.");
    }

    @Test
    void aFaithfulFreeTextWithRoundedNumbersPasses() {
        String text = "Vibration on pump-07 reached 4.8 mm/s at 06:00 UTC on 2026-03-02, in zone D of ISO 10816-3,"
                + " rising by about 0.13 mm/s per hour. The bearing was replaced on 2026-01-17 [log-2026-0117];"
                + " a similar noisy bearing was logged at plant-a [maintie/318] (similarity 71%). Inspect by"
                + " 2026-03-03.";
        assertThat(GroundingCheck.check(text, condition)).isEmpty();
        assertThat(GroundingCheck.citedLogIds(text)).containsExactly("log-2026-0117", "maintie/318");
        assertThat(GroundingCheck.check(
                        "engine-17 has about 22 hours left (15 to 31), bearing wear at 82% probability;"
                                + " act by 2026-03-02.",
                        life))
                .isEmpty();
    }

    @Test
    void everyInventedFactIsNamed() {
        assertThat(GroundingCheck.check("Vibration is 6.2 mm/s.", condition))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.kind()).isEqualTo(Kind.UNIT);
                    assertThat(v.fragment()).isEqualTo("6.2 mm/s");
                });
        assertThat(kinds("Vibration is 4.83 °C.", condition)).containsExactly(Kind.UNIT);
        assertThat(kinds("Vibration is 4.9 mm/s.", condition)).containsExactly(Kind.UNIT);
        assertThat(kinds("About 7 in 9 such pumps fail.", condition)).containsExactly(Kind.NUMBER, Kind.NUMBER);
        assertThat(kinds("Inspect before 2026-03-09.", condition)).containsExactly(Kind.DATE);
        assertThat(kinds("Inspect at 14:30.", condition)).containsExactly(Kind.DATE);
        assertThat(kinds("Compare with pump P-101.", condition)).containsExactly(Kind.ID);
        assertThat(kinds("Replace the impeller.", condition)).containsExactly(Kind.PART);
        assertThat(kinds("As in [log-9999].", condition)).containsExactly(Kind.LOG_ID);
        assertThat(kinds("   ", condition)).containsExactly(Kind.EMPTY);
        assertThat(kinds("Failure is 4 steps away.", life)).containsExactly(Kind.NUMBER);
    }

    @Test
    void aNumberRoundedTooCoarselyDoesNotCiteItsFact() {
        FactSheet bare = new FactSheet(
                life.plant(),
                life.asset(),
                life.assetType(),
                life.time(),
                life.kind(),
                life.failureMode(),
                life.severity(),
                life.fingerprint(),
                life.reason(),
                List.of(),
                life.remainingLife(),
                life.stage(),
                java.util.Map.of("bearing wear", 0.82),
                life.actBy(),
                null,
                List.of());
        assertThat(GroundingCheck.check("Bearing wear has probability 0.8.", bare))
                .isEmpty();
        assertThat(kinds("Bearing wear has probability 1.", bare)).containsExactly(Kind.NUMBER);
    }

    @Test
    void idsAndStandardsAreNotTakenForNumbers() {
        assertThat(GroundingCheck.check("pump-07 at plant-a per ISO 10816-3: see vib_velocity_rms.", condition))
                .isEmpty();
    }
}
