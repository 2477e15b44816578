package io.pdm.inference.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheetTestData;
import io.pdm.model.text.MaintenanceCorpus;
import io.pdm.model.text.MaintenanceText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The slot writer's data, without a model: the generator's slot sequences for a sample of sheets (the fixed test
 * sheets and 300 random ones over every alert kind, severity band, unit, zone, baseline, trend, failure mode and real
 * maintenance logs) use only the vocabulary, name only facts each sheet has, and render to texts that pass the
 * {@link GroundingCheck}; a sequence naming a fact the sheet lacks is reported, and its prompt has a fixed length.
 */
class SlotsTest {
    private static List<FactSheet> sample() throws IOException {
        List<FactSheet> sample =
                new ArrayList<>(List.of(FactSheetTestData.conditionSheet(), FactSheetTestData.lifeSheet()));
        Random random = new Random(11);
        List<MaintenanceText> logs = MaintenanceCorpus.load(
                        Path.of(System.getProperty("pdm.shared.data"), "maintenance-logs"))
                .texts();
        for (int i = 0; i < 300; i++) {
            sample.add(WriterTraining.withLogs(TargetTextsTest.randomSheet(random, i), logs, random));
        }
        return sample;
    }

    @Test
    void theGeneratorsSlotSequencesRenderToGroundedTextsForEverySheetOfTheSample() throws IOException {
        SlotVocabulary vocabulary = SlotVocabulary.standard();
        int rendered = 0;
        for (FactSheet sheet : sample()) {
            List<String> prompt = SlotPrompt.tokens(sheet);
            assertThat(prompt).hasSize(SlotPrompt.LENGTH);
            assertThat(vocabulary.encode(prompt)).hasSize(SlotPrompt.LENGTH); // every prompt token is known
            for (long seed = 0; seed < 12; seed++) {
                List<String> slots = TargetTexts.slots(sheet, seed);
                assertThat(vocabulary.encode(slots)).hasSameSizeAs(slots);
                Slots.Rendered r = Slots.render(slots, sheet);
                assertThat(r.missing()).as("slots %s", slots).isEmpty();
                assertThat(GroundingCheck.check(r.text(), sheet))
                        .as("text %s\nfrom %s", r.text(), slots)
                        .isEmpty();
                assertThat(r.text()).isEqualTo(TargetTexts.write(sheet, seed));
                rendered++;
            }
        }
        assertThat(rendered).isEqualTo(302 * 12);
    }

    @Test
    void aSlotTheSheetLacksIsReportedAndRendersAsNothing() {
        FactSheet sheet = FactSheetTestData.lifeSheet();
        List<String> draft = new ArrayList<>(List.of("Compare", "<log3>", "."));
        draft.add(0, "<pad>");
        Slots.Rendered r = Slots.render(draft, withoutLogs(sheet));
        assertThat(r.missing())
                .extracting(Violation::kind, Violation::fragment)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Violation.Kind.SLOT, "<pad>"),
                        org.assertj.core.groups.Tuple.tuple(Violation.Kind.SLOT, "<log3>"));
        assertThat(r.text()).isEqualTo("Compare.");
    }

    @Test
    void theRendererWritesValuesAsTheSheetWritesThemAndSpacesPunctuationAsProse() {
        FactSheet sheet = FactSheetTestData.conditionSheet();
        Slots.Rendered r = Slots.render(
                List.of(
                        "<asset>",
                        ":",
                        "<m1_name>",
                        "at",
                        "<m1_value>",
                        ",",
                        "by",
                        "<act_by>",
                        "(",
                        "<log1>",
                        ")",
                        "."),
                sheet);
        assertThat(r.missing()).isEmpty();
        assertThat(r.text())
                .isEqualTo(sheet.asset() + ": " + sheet.measurements().get(0).channel() + " at 4.83 mm/s, by "
                        + sheet.actBy() + " ([" + sheet.similarLogs().get(0).id() + "]).");
    }

    private static FactSheet withoutLogs(FactSheet s) {
        return new FactSheet(
                s.plant(),
                s.asset(),
                s.assetType(),
                s.time(),
                s.kind(),
                s.failureMode(),
                s.severity(),
                s.fingerprint(),
                s.reason(),
                s.measurements(),
                s.remainingLife(),
                s.stage(),
                s.failureModes(),
                s.actBy(),
                null,
                List.of());
    }
}
