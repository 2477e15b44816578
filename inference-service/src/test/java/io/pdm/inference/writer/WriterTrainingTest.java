package io.pdm.inference.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheetTestData;
import io.pdm.model.text.HfTokenizer;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny writer trained for a few steps on a handful of generated pairs (real DJL/PyTorch): the training loss falls,
 * the checkpoint and its card load in {@link LocalModelWriter}, which then reads the compact prompt, and whatever it
 * writes goes through the grounding check. No timing is asserted.
 */
class WriterTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aTinyWriterLearnsLoadsAndWritesThroughTheCheck() throws Exception {
        Random random = new Random(3);
        List<FactSheet> sheets =
                new ArrayList<>(List.of(FactSheetTestData.conditionSheet(), FactSheetTestData.lifeSheet()));
        for (int i = 0; i < 4; i++) {
            sheets.add(TargetTextsTest.randomSheet(random, i));
        }
        TrainingOptions options = TrainingOptions.defaults()
                .withEpochs(6)
                .withBatchSize(4)
                .withLearningRate(1e-2f)
                .withPatience(0)
                .withSeed(5);
        WriterTraining.Settings settings = new WriterTraining.Settings(32, 2, 2, 768, 2, 0.1f, 0, options);
        Path checkpoint = dir.resolve("writer");
        try (NDManager manager = NDManager.newBaseManager()) {
            try (WriterTraining.Outcome outcome =
                    WriterTraining.train(sheets, List.of("test sheets"), settings, manager, new TrainingMonitor() {})) {
                List<Double> losses = outcome.card().trainLoss();
                assertThat(losses).hasSize(6);
                assertThat(losses.get(5)).isLessThan(losses.get(0) * 0.8);
                assertThat(outcome.card().pairs()).isEqualTo(12);
                outcome.save(checkpoint);
            }
            assertThat(Files.readString(checkpoint.resolve(WriterCard.FILE))).contains("\"format\" : \"compact-v1\"");
            FactSheet sheet = FactSheetTestData.conditionSheet();
            try (LocalModelWriter writer =
                            LocalModelWriter.open(checkpoint, manager, HfTokenizer.SpecialTokens.DEFAULT, 8);
                    AlertTextPipeline pipeline = new AlertTextPipeline(writer, Duration.ofMinutes(2))) {
                assertThat(writer.id()).startsWith("local:writer@");
                String raw = writer.write(sheet, null);
                assertThat(raw).doesNotContain("\n");
                WrittenAlert alert = pipeline.write(sheet);
                assertThat(alert.grounded()).isTrue();
                assertThat(GroundingCheck.check(alert.text(), sheet)).isEmpty();
                assertThat(alert.writerId()).isIn(writer.id(), TemplateWriter.ID);
            }
        }
    }

    @Test
    void aCardOfAnotherPromptFormatIsRefusedWithTheReason() throws Exception {
        Files.writeString(dir.resolve(WriterCard.FILE), "{\"format\": \"compact-v9\", \"maxNewTokens\": 10}");
        assertThatThrownBy(() -> WriterCard.read(dir))
                .hasMessageEndingWith("names prompt format 'compact-v9'; this build reads compact-v1");
        assertThat(WriterCard.read(dir.resolve("none"))).isEmpty();
    }

    @Test
    void theCompactPromptHoldsWhatATextCitesAndEndsWithTheCue() {
        String prompt = WriterPrompt.render(FactSheetTestData.conditionSheet());
        assertThat(prompt)
                .startsWith("asset: pump-07\nalert: condition limit, severity 800\nlife: no model\n")
                .contains(
                        "m: vib_velocity_rms 4.83 mm/s, zone D of ISO 10816-3 group 2 rigid, trend +0.125 mm/s per hour\n")
                .contains("act by: 2026-03-03\n")
                .contains("last: [log-2026-0117] 2026-01-17 replace: replaced DE bearing after noise\n")
                .contains("log: [maintie/318] 2025-11-04 inspect: bearing noisy\n")
                .endsWith("\nAlert:");
    }
}
