package io.pdm.inference.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.inference.condition.ConditionFinding;
import io.pdm.inference.condition.ConditionWatch;
import io.pdm.inference.condition.WatchSettings;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheetText;
import io.pdm.inference.facts.FactSheets;
import io.pdm.inference.facts.MaintenanceRecord;
import io.pdm.inference.policy.AlertCandidate;
import io.pdm.inference.policy.AlertKind;
import io.pdm.inference.policy.AlertPolicy;
import io.pdm.inference.policy.PolicySettings;
import io.pdm.inference.retrieval.LogEmbedder;
import io.pdm.inference.retrieval.LogEntry;
import io.pdm.inference.retrieval.SimilarLogs;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The whole alert core for an asset commissioned today, with no remaining-life model, no history and no
 * absolute limit on the channel that goes wrong: it learns its own baseline over the first 2 hours, a step
 * in bearing temperature raises a CONDITION_CHANGE, the fact sheet gets the plant's similar logs from the
 * real embedding model, and the alert gets a grounded text.
 */
class NewAssetAlertTest {
    private static final Instant COMMISSIONED = Instant.parse("2026-03-02T06:00:00Z");

    @Test
    void aBrandNewAssetRaisesAConditionAlertFromItsOwnBaselineWithAGroundedText() {
        ConditionWatch watch =
                new ConditionWatch("fan-12", List.of(), Map.of("bearing_temp", "°C"), WatchSettings.DEFAULT);
        AlertPolicy policy = new AlertPolicy("plant-a", "fan-12", PolicySettings.DEFAULT);
        Random random = new Random(42);
        List<AlertCandidate> raised = new ArrayList<>();
        for (int minute = 0; minute < 240 && raised.isEmpty(); minute++) {
            double temp = 41 + 0.4 * random.nextGaussian() + (minute >= 180 ? 3.0 : 0);
            Instant t = COMMISSIONED.plus(Duration.ofMinutes(minute));
            List<ConditionFinding> findings = watch.observe(t, Map.of("bearing_temp", temp));
            raised.addAll(policy.onCondition(t, Set.of("bearing_temp"), findings));
        }
        assertThat(raised).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(AlertKind.CONDITION_CHANGE);
            assertThat(c.state()).isEqualTo(AlertCandidate.State.RAISED);
            assertThat(c.time())
                    .isBetween(COMMISSIONED.plus(Duration.ofMinutes(180)), COMMISSIONED.plus(Duration.ofMinutes(195)));
            assertThat(c.findings().get(0).baseline().windows()).isEqualTo(120);
        });
        AlertCandidate alert = raised.get(0);

        LogEmbedder embedder = new LogEmbedder();
        SimilarLogs plantLogs = SimilarLogs.embed(
                embedder,
                List.of(
                        new LogEntry(
                                "wo-311",
                                "plant-a",
                                "fan-4",
                                LocalDate.parse("2025-06-12"),
                                "replace",
                                "bearing",
                                "fan bearing running hot, replaced and regreased"),
                        new LogEntry(
                                "wo-312",
                                "plant-a",
                                "pump-2",
                                LocalDate.parse("2025-07-01"),
                                "repair",
                                "seal",
                                "pump mechanical seal leaking"),
                        new LogEntry(
                                "wo-313",
                                "plant-a",
                                "conveyor-1",
                                LocalDate.parse("2025-08-20"),
                                "adjust",
                                "belt",
                                "conveyor belt tracking off"),
                        new LogEntry(
                                "wo-900",
                                "plant-b",
                                "fan-1",
                                LocalDate.parse("2025-05-05"),
                                "replace",
                                "bearing",
                                "fan bearing hot")));
        String query = FactSheets.query(alert, "axial-fan");
        assertThat(query).isEqualTo("axial fan bearing temp high");
        List<MaintenanceRecord> similar = plantLogs.nearest("plant-a", query, 2);
        assertThat(similar)
                .extracting(MaintenanceRecord::id)
                .startsWith("wo-311")
                .doesNotContain("wo-900");

        FactSheet sheet = FactSheets.of(alert, "axial-fan", List.of(), null, similar);
        assertThat(FactSheetText.render(sheet)).contains("remaining life: no model for this asset");
        try (AlertTextPipeline pipeline = new AlertTextPipeline(new TemplateWriter(), Duration.ofSeconds(5))) {
            WrittenAlert text = pipeline.write(sheet);
            assertThat(text.grounded()).isTrue();
            assertThat(text.writerId()).isEqualTo(TemplateWriter.ID);
            assertThat(text.attempts()).isEqualTo(1);
            assertThat(text.fallback()).isNull();
            assertThat(text.text())
                    .startsWith("fan-12 (axial-fan): condition alarm; bearing_temp at ")
                    .contains("°C, baseline 41")
                    .contains("[wo-311]");
            assertThat(text.citedLogIds()).contains("wo-311");
        }
    }
}
