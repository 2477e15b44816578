package io.pdm.inference.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheetTestData;
import io.pdm.inference.facts.Measurement;
import io.pdm.inference.facts.RemainingLife;
import io.pdm.inference.policy.AlertKind;
import io.pdm.model.data.HealthStage;
import io.pdm.model.text.AlertFacts.LifeUnit;
import io.pdm.model.text.MaintenanceCorpus;
import io.pdm.model.text.MaintenanceText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The writer's teacher is checked independently of the model: every text it writes for a sample of fact sheets
 * (the fixed test sheets, and 300 random ones over every alert kind, severity band, unit, zone, baseline, trend,
 * failure mode and real maintenance logs) passes the same {@link GroundingCheck} the service runs, and its phrasing
 * varies.
 */
class TargetTextsTest {
    private static final String[] UNITS = {"mm/s", "°C", "bar", "m3/h", "g", "1", "psia", "rpm", "A", "g²", "°C/s"};
    private static final String[] CHANNELS = {"vibration.rms", "s11", "pressure_bar.mean", "temperature_c.slope"};

    @Test
    void everyTextOfEverySheetOfTheSampleIsGrounded() throws IOException {
        List<FactSheet> sample =
                new ArrayList<>(List.of(FactSheetTestData.conditionSheet(), FactSheetTestData.lifeSheet()));
        Random random = new Random(7);
        List<MaintenanceText> logs = MaintenanceCorpus.load(
                        Path.of(System.getProperty("pdm.shared.data"), "maintenance-logs"))
                .texts();
        for (int i = 0; i < 300; i++) {
            sample.add(WriterTraining.withLogs(randomSheet(random, i), logs, random));
        }
        int texts = 0;
        for (FactSheet sheet : sample) {
            for (long seed = 0; seed < 12; seed++) {
                String text = TargetTexts.write(sheet, seed);
                assertThat(GroundingCheck.check(text, sheet))
                        .as("text %s\nof sheet\n%s", text, WriterPrompt.render(sheet))
                        .isEmpty();
                assertThat(text)
                        .doesNotContain("\n")
                        .contains(sheet.asset())
                        .contains(sheet.actBy().toString());
                texts++;
            }
        }
        assertThat(texts).isEqualTo(302 * 12);
    }

    @Test
    void thePhrasingVariesAndTheSameSeedGivesTheSameText() {
        FactSheet sheet = FactSheetTestData.lifeSheet();
        Set<String> openings = new HashSet<>();
        Set<String> whole = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            String text = TargetTexts.write(sheet, seed);
            whole.add(text);
            openings.add(text.substring(0, 12));
            assertThat(TargetTexts.write(sheet, seed)).isEqualTo(text);
        }
        assertThat(openings).hasSizeGreaterThanOrEqualTo(3);
        assertThat(whole).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void theTextCitesTheSheetsLogsByIdAndSaysWhatToDoAndByWhen() {
        FactSheet sheet = FactSheetTestData.conditionSheet();
        for (long seed = 0; seed < 20; seed++) {
            String text = TargetTexts.write(sheet, seed);
            assertThat(GroundingCheck.citedLogIds(text)).isNotEmpty().isSubsetOf(sheet.logIds());
            assertThat(text).contains("by 2026-03-03").contains("4.83 mm/s");
        }
    }

    /** A sheet of any kind with random magnitudes (1e-3 to 1e4), units and context. */
    static FactSheet randomSheet(Random r, int i) {
        AlertKind kind = AlertKind.values()[r.nextInt(AlertKind.values().length)];
        boolean model = kind == AlertKind.REMAINING_LIFE_LOW || kind == AlertKind.HEALTH_STAGE;
        Instant t = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * r.nextInt(5000));
        List<Measurement> ms = new ArrayList<>();
        for (int m = 0; m < 1 + r.nextInt(3); m++) {
            String unit = UNITS[r.nextInt(UNITS.length)];
            Measurement x = Measurement.of(CHANNELS[(m + i) % CHANNELS.length], magnitude(r), unit, t);
            if (r.nextBoolean()) {
                x = x.withSlopePerHour((r.nextBoolean() ? 1 : -1) * magnitude(r));
            }
            if (r.nextInt(3) == 0) {
                x = new Measurement(
                        x.channel(), x.value(), unit, t, x.slopePerHour(), magnitude(r), 3.1, Double.NaN, null, null);
            } else if (kind == AlertKind.CONDITION_LIMIT && m == 0) {
                x = new Measurement(
                        x.channel(),
                        x.value(),
                        unit,
                        t,
                        x.slopePerHour(),
                        Double.NaN,
                        Double.NaN,
                        4.5,
                        "D",
                        "ISO 20816-3 group 2");
            }
            ms.add(x);
        }
        RemainingLife life = null;
        HealthStage stage = null;
        if (model) {
            double p = magnitude(r);
            life = new RemainingLife(
                    p, p * r.nextDouble(), p * (1 + r.nextDouble()), r.nextBoolean() ? LifeUnit.HOUR : LifeUnit.CYCLE);
            stage = r.nextBoolean() ? HealthStage.DEGRADING : HealthStage.CRITICAL;
        }
        Map<String, Double> modes =
                model && r.nextBoolean() ? Map.of("bearing wear", 0.61, "seal leak", 0.27) : Map.of();
        return new FactSheet(
                "plant-" + (i % 3),
                "asset-" + i,
                "pump-set",
                t,
                kind,
                "channel:" + ms.get(0).channel(),
                1 + r.nextInt(1000),
                "fp-" + i,
                "test",
                ms,
                life,
                stage,
                modes,
                LocalDate.parse("2026-01-01").plusDays(r.nextInt(400)),
                null,
                List.of());
    }

    private static double magnitude(Random r) {
        return Math.pow(10, -3 + 7 * r.nextDouble());
    }
}
