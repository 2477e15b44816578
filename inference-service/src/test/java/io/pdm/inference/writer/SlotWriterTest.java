package io.pdm.inference.writer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheetTestData;
import io.pdm.model.text.HfTokenizer;
import io.pdm.model.text.MaintenanceCorpus;
import io.pdm.model.text.MaintenanceText;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny slot writer trained for a few steps on real DJL/PyTorch, saved and loaded through {@link LocalModelWriter} by
 * its card: it lowers its loss, its texts come out of the {@link AlertTextPipeline} grounded either way, a draft naming
 * a fact the sheet lacks is rejected with a {@link Violation.Kind#SLOT} violation, rewritten once by sampling (the same
 * rewrite every time for the same alert) and then replaced by the template's text, and a batch decodes to the same drafts as one sheet at a time.
 */
class SlotWriterTest {
    @TempDir
    static Path dir;

    private static NDManager manager;
    private static Path checkpoint;
    private static List<Double> losses;
    private static List<FactSheet> sheets;

    /** Life sheets with logs only: every text the model learns opens with the remaining life and cites a log. */
    @BeforeAll
    static void train() throws Exception {
        Random random = new Random(3);
        List<MaintenanceText> logs = MaintenanceCorpus.load(
                        Path.of(System.getProperty("pdm.shared.data"), "maintenance-logs"))
                .texts();
        sheets = new ArrayList<>();
        for (int i = 0; sheets.size() < 40; i++) {
            FactSheet s = TargetTextsTest.randomSheet(random, i);
            if (s.remainingLife() != null) {
                FactSheet withLogs = WriterTraining.withLogs(s, logs, random);
                if (!withLogs.similarLogs().isEmpty()) {
                    sheets.add(withLogs);
                }
            }
        }
        TrainingOptions options = TrainingOptions.defaults()
                .withEpochs(6)
                .withBatchSize(8)
                .withLearningRate(1e-2f)
                .withPatience(0)
                .withSeed(5);
        manager = NDManager.newBaseManager();
        checkpoint = dir.resolve("slots");
        try (WriterTraining.Outcome outcome = SlotWriterTraining.train(
                sheets,
                List.of("test sheets"),
                new SlotWriterTraining.Settings(32, 1, 2, 2, 0.1, options),
                manager,
                new TrainingMonitor() {})) {
            losses = outcome.card().trainLoss();
            outcome.save(checkpoint);
        }
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static LocalModelWriter open() throws Exception {
        return LocalModelWriter.open(checkpoint, manager, HfTokenizer.SpecialTokens.DEFAULT, 8);
    }

    @Test
    void aTinySlotWriterLowersItsLossAndLoadsByItsCard() throws Exception {
        assertThat(losses).hasSize(6);
        assertThat(losses.get(5)).isLessThan(losses.get(0) * 0.6);
        String card = Files.readString(checkpoint.resolve(WriterCard.FILE));
        assertThat(card).contains("\"kind\" : \"slots\"").contains("\"format\" : \"slots-v1\"");
        FactSheet sheet = sheets.get(0);
        try (LocalModelWriter writer = open();
                AlertTextPipeline pipeline = new AlertTextPipeline(writer, Duration.ofMinutes(2))) {
            assertThat(writer.id()).startsWith("local:slots@");
            assertThat(writer.batches()).isTrue();
            assertThat(writer.attempts()).isEqualTo(2);
            WrittenAlert alert = pipeline.write(sheet);
            assertThat(alert.grounded()).isTrue();
            assertThat(GroundingCheck.check(alert.text(), sheet)).isEmpty();
            assertThat(alert.writerId()).isIn(writer.id(), TemplateWriter.ID);
        }
    }

    @Test
    void aDraftNamingAFactTheSheetLacksIsRejectedAndTheTemplateIsDelivered() throws Exception {
        // a condition alarm (no remaining life): the model only ever learnt texts that open with a remaining life, so
        // its draft names a fact this sheet does not have
        FactSheet bare = FactSheetTestData.conditionSheet();
        try (LocalModelWriter writer = open();
                AlertTextPipeline pipeline = new AlertTextPipeline(writer, Duration.ofMinutes(2))) {
            WrittenAlert alert = pipeline.write(bare);
            assertThat(alert.writerId()).isEqualTo(TemplateWriter.ID);
            assertThat(alert.attempts()).isEqualTo(3); // the greedy draft, its sampled rewrite, then the template
            assertThat(alert.rejected()).isNotEmpty().allMatch(v -> v.kind() == Violation.Kind.SLOT);
            assertThat(alert.fallback()).contains("lacks");
            assertThat(alert.grounded()).isTrue();
            assertThat(alert.text()).isEqualTo(new TemplateWriter().write(bare, null));
        }
    }

    @Test
    void aSampledRewriteIsTheSameEveryTimeForTheSameAlert() throws Exception {
        FactSheet bare = FactSheetTestData.conditionSheet();
        AlertWriter.Rewrite rewrite = new AlertWriter.Rewrite("a rejected draft", List.of());
        try (LocalModelWriter writer = open()) {
            String first = outcome(writer, bare, rewrite);
            assertThat(outcome(writer, bare, rewrite)).isEqualTo(first);
        }
    }

    /** The rewrite's text, or its rejection's slots: either way what the writer produced. */
    private static String outcome(LocalModelWriter writer, FactSheet sheet, AlertWriter.Rewrite rewrite) {
        try {
            return writer.write(sheet, rewrite);
        } catch (AlertWriter.RejectedDraft e) {
            return "rejected: " + e.draft();
        } catch (WriterException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBatchDecodesToTheSameGreedyDraftsAsOneSheetAtATime() throws Exception {
        List<FactSheet> some = new ArrayList<>(sheets.subList(0, 6));
        some.add(FactSheetTestData.conditionSheet());
        try (LocalModelWriter writer = open();
                AlertTextPipeline pipeline = new AlertTextPipeline(writer, Duration.ofMinutes(2))) {
            List<AlertWriter.Draft> together = writer.writeAll(some);
            List<WrittenAlert> written = pipeline.writeAll(some);
            for (int i = 0; i < some.size(); i++) {
                AlertWriter.Draft alone = writer.writeAll(List.of(some.get(i))).get(0);
                assertThat(text(together.get(i))).isEqualTo(text(alone));
                WrittenAlert single = pipeline.write(some.get(i));
                assertThat(written.get(i).text()).isEqualTo(single.text());
                assertThat(written.get(i).writerId()).isEqualTo(single.writerId());
            }
        }
    }

    private static String text(AlertWriter.Draft d) {
        return d.text() != null ? d.text() : ((AlertWriter.RejectedDraft) d.failure()).draft();
    }
}
