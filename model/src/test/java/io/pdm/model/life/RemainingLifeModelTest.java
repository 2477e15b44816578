package io.pdm.model.life;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.lives.Life;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small base pretrained on synthetic gearbox lives, then scored through the public API. */
class RemainingLifeModelTest {
    @TempDir
    static Path dir;

    static Path base;

    @BeforeAll
    static void pretrain() throws Exception {
        base = dir.resolve("base");
        LifePretraining.Settings settings = LifePretraining.Settings.of(
                SyntheticLives.type(),
                SyntheticLives.lives(40, 1),
                new CmapssModels.Size(32, 1, 5, 0.0),
                TrainingOptions.defaults().withEpochs(8).withBatchSize(64).withLearningRate(3e-3f));
        try (NDManager manager = NDManager.newBaseManager();
                LifePretraining.Outcome outcome = LifePretraining.run(settings, manager, TrainingMonitor.SILENT)) {
            outcome.save(base);
        }
    }

    @Test
    void theBaseCarriesItsProtocolAndBeatsTheMeanOnUnseenLivesWithACalibratedInterval() throws Exception {
        LifeProtocol protocol = LifeProtocol.read(base);
        assertThat(protocol.assetType()).isEqualTo("gearbox");
        assertThat(protocol.channels()).containsExactly("vib", "oil_temp", "load");
        assertThat(protocol.window()).isEqualTo(10);
        assertThat(protocol.rulCap()).isEqualTo(60);
        assertThat(protocol.interval().level()).isEqualTo(0.9);
        assertThat(LifePretrainingRecord.read(base).heldOutLives()).isEqualTo(8);

        try (RemainingLifeModel model = RemainingLifeModel.load(base, null)) {
            LifeEvaluation test = LifeEvaluation.of(model, SyntheticLives.lives(12, 99));

            assertThat(test.rmse()).isLessThan(0.6 * test.meanPredictorRmse());
            assertThat(test.coverage()).isGreaterThan(0.75);
        }
    }

    @Test
    void predictionsFallAsLifeRunsOutAndWearChannelsDriveThem() throws Exception {
        Life life = SyntheticLives.lives(1, 7).get(0);
        double[][] values = life.values();
        try (RemainingLifeModel model = RemainingLifeModel.load(base, null)) {
            LifePrediction early = model.predict(life.channels(), Arrays.copyOfRange(values, 0, 10), 10);
            LifePrediction late =
                    model.predict(life.channels(), Arrays.copyOfRange(values, values.length - 10, values.length), 0);

            assertThat(early.rul()).isGreaterThan(late.rul() + 20);
            assertThat(late.lower()).isLessThanOrEqualTo(late.rul()).isGreaterThanOrEqualTo(0);
            assertThat(late.upper()).isGreaterThan(late.rul());
            assertThat(late.unit()).isEqualTo("CYCLES");
            assertThat(late.stages().values().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum())
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(early.stage()).isEqualTo("healthy");
            assertThat(late.stage()).isEqualTo("critical");
            assertThat(late.drivers().get(0).channel()).isIn("vib", "oil_temp");
            assertThat(late.drivers().get(0).effect()).isNegative();
            // A short window is padded like in training; the batched form gives the same numbers.
            LifePrediction shortWindow = model.predict(life.channels(), Arrays.copyOfRange(values, 0, 3), 3);
            assertThat(shortWindow.rul()).isPositive();
            List<LifePrediction> batch = model.predict(
                    life.channels(),
                    List.of(
                            Arrays.copyOfRange(values, 0, 10),
                            Arrays.copyOfRange(values, values.length - 10, values.length)),
                    new double[] {10, 0});
            assertThat(batch.get(1).rul()).isCloseTo(late.rul(), org.assertj.core.data.Offset.offset(1e-4));
            // Without drivers: the same estimate and interval from one forward copy per window instead of four.
            List<LifePrediction> lean = model.predict(
                    life.channels(),
                    List.<double[][]>of(Arrays.copyOfRange(values, values.length - 10, values.length)),
                    new double[] {0},
                    false);
            assertThat(lean.get(0).rul()).isCloseTo(late.rul(), org.assertj.core.data.Offset.offset(1e-4));
            assertThat(lean.get(0).upper()).isCloseTo(late.upper(), org.assertj.core.data.Offset.offset(1e-4));
            assertThat(lean.get(0).drivers()).isEmpty();
        }
    }

    @Test
    void windowsWithOtherChannelsAndAdaptersOfAnotherBaseAreRefusedWithTheReason() throws Exception {
        try (RemainingLifeModel model = RemainingLifeModel.load(base, null)) {
            double[][] window = new double[10][3];
            assertThatThrownBy(() -> model.predict(List.of("oil_temp", "vib", "load"), window, 0))
                    .isInstanceOf(ProtocolMismatchException.class)
                    .hasMessageContaining("same channels in another order");
            assertThatThrownBy(() -> model.predict(List.of("vib", "oil_temp", "rpm"), window, 0))
                    .isInstanceOf(ProtocolMismatchException.class)
                    .hasMessageContaining("missing [load]")
                    .hasMessageContaining("not in the protocol [rpm]");
        }
        Path adapter = dir.resolve("adapter");
        RemainingLifeModel.writeOrigin(adapter, "0".repeat(64));
        assertThatThrownBy(() -> RemainingLifeModel.load(base, adapter))
                .isInstanceOf(ProtocolMismatchException.class)
                .hasMessageContaining("was trained on base " + "0".repeat(64));

        Path noProtocol = dir.resolve("old-base");
        Files.createDirectories(noProtocol);
        Files.copy(base.resolve("config.json"), noProtocol.resolve("config.json"));
        assertThatThrownBy(() -> RemainingLifeModel.load(noProtocol, null))
                .isInstanceOf(ProtocolMismatchException.class)
                .hasMessageContaining("has no pdm_protocol.json");
    }
}
