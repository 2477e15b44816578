package io.pdm.model.life;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.lives.Life;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.cmapss.RulPredictor;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A base of a type with regimes, pretrained on compressor lives whose speed changes every few cycles: the regimes are
 * learned and saved, and every path (training windows, evaluation, scoring one window) normalises alike.
 */
class RegimeNormalisationTest {
    @TempDir
    static Path dir;

    static Path perRegime;
    static Path pooled;

    @BeforeAll
    static void pretrain() throws Exception {
        perRegime = pretrain(RegimeLives.type(), "per-regime");
        pooled = pretrain(RegimeLives.type().withoutRegimes(), "pooled");
    }

    private static Path pretrain(io.pdm.assets.AssetType type, String name) throws Exception {
        Path base = dir.resolve(name);
        LifePretraining.Settings settings = LifePretraining.Settings.of(
                type,
                RegimeLives.lives(40, 1),
                new CmapssModels.Size(32, 1, 5, 0.0),
                TrainingOptions.defaults().withEpochs(8).withBatchSize(64).withLearningRate(3e-3f));
        try (NDManager manager = NDManager.newBaseManager();
                LifePretraining.Outcome outcome = LifePretraining.run(settings, manager, TrainingMonitor.SILENT)) {
            outcome.save(base);
        }
        return base;
    }

    @Test
    void theBaseLearnsTheThreeSpeedsAndSavesThemInItsProtocol() throws Exception {
        LifeProtocol protocol = LifeProtocol.read(perRegime);

        assertThat(protocol.normalisation()).isEqualTo(LifeProtocol.PER_REGIME);
        assertThat(protocol.channels()).containsExactly("vib", "temp", "load");
        assertThat(protocol.windowChannels()).containsExactly("vib", "temp", "load", "speed");
        assertThat(protocol.inputChannels()).isEqualTo(3); // the context finds the regime, it is not an input
        RegimeNormalisation regimes = protocol.regimes();
        assertThat(regimes.count()).isEqualTo(3);
        assertThat(regimes.centres()[0][0]).isCloseTo(1000, within(1.0));
        assertThat(regimes.centres()[2][0]).isCloseTo(3000, within(1.0));
        // vibration's mean in each regime is the speed's level (2 + 6 × speed) plus the average wear
        assertThat(regimes.means()[2][0] - regimes.means()[0][0]).isCloseTo(12, within(0.3));
        assertThat(Files.readString(perRegime.resolve(LifeProtocol.FILE))).contains("\"regimes\"");
    }

    @Test
    void scoringAWindowNormalisesExactlyAsTrainingAndEvaluationDo() throws Exception {
        Life life = RegimeLives.lives(1, 77).get(0);
        try (RemainingLifeModel model = RemainingLifeModel.load(perRegime, null)) {
            LifeProtocol protocol = model.protocol();
            WindowSet cut = LifeWindows.everyStep(List.of(life), protocol);
            Life raw = life.select(protocol.windowChannels());
            List<double[][]> windows = new ArrayList<>();
            double[] ages = new double[cut.count()];
            for (int i = 0; i < cut.count(); i++) {
                int end = cut.endCycles()[i];
                // what the service holds: at most a window of raw steps ending at this step
                windows.add(Arrays.copyOfRange(raw.values(), Math.max(0, end - protocol.window()), end));
                ages[i] = raw.age(end - 1);
            }

            float[] scored = model.inputs(windows, ages, 1);

            assertThat(scored).containsExactly(cut.values());
            float[] trained = RulPredictor.predict(model.network(), cut);
            List<LifePrediction> predicted = model.predict(protocol.windowChannels(), windows, ages, false);
            for (int i = 0; i < trained.length; i++) {
                assertThat(predicted.get(i).rul()).isCloseTo(Math.min(protocol.rulCap(), trained[i]), within(1e-3));
            }
        }
    }

    @Test
    void perRegimeNormalisationSeesTheWearThatSpeedChangesHide() throws Exception {
        List<Life> unseen = RegimeLives.lives(12, 99);
        try (RemainingLifeModel regime = RemainingLifeModel.load(perRegime, null);
                RemainingLifeModel plain = RemainingLifeModel.load(pooled, null)) {
            LifeEvaluation withRegimes = LifeEvaluation.of(regime, unseen);
            LifeEvaluation without = LifeEvaluation.of(plain, unseen);

            assertThat(withRegimes.rmse()).isLessThan(0.8 * without.rmse());
            assertThat(withRegimes.rmse()).isLessThan(0.6 * withRegimes.meanPredictorRmse());
        }
    }

    @Test
    void aWindowWithoutTheContextChannelIsRefusedWithTheReason() throws Exception {
        try (RemainingLifeModel model = RemainingLifeModel.load(perRegime, null)) {
            assertThatThrownBy(() -> model.predict(List.of("vib", "temp", "load"), new double[10][3], 0))
                    .isInstanceOf(ProtocolMismatchException.class)
                    .hasMessageContaining("missing [speed]");
        }
    }

    @Test
    void aTypeWithoutRegimesWritesTheProtocolOfEarlierBasesAndAnEarlierProtocolStillLoads() throws Exception {
        LifeProtocol plain = LifeProtocol.read(pooled);
        assertThat(plain.normalisation()).isEqualTo(LifeProtocol.Z_SCORE);
        assertThat(plain.windowChannels()).isEqualTo(plain.channels()).containsExactly("vib", "temp", "load");
        assertThat(Files.readString(pooled.resolve(LifeProtocol.FILE))).doesNotContain("regimes");

        // pdm_protocol.json as bases wrote it before regimes existed
        Path old = dir.resolve("old-protocol");
        Files.createDirectories(old);
        Files.writeString(old.resolve(LifeProtocol.FILE), """
                {"asset_type": "gearbox", "life_unit": "CYCLES", "life_per_step": 1.0,
                 "channels": ["vib", "oil_temp"], "normalisation": "z-score", "means": [2.0, 45.0],
                 "stds": [0.5, 4.0], "window": 10, "patch_size": 5, "age_channel": false, "rul_cap": 60.0,
                 "stage_names": ["healthy", "degrading", "critical"], "healthy_above": 40.0,
                 "degrading_above": 15.0}
                """);
        LifeProtocol read = LifeProtocol.read(old);
        assertThat(read.regimes()).isNull();
        assertThat(read.windowChannels()).containsExactly("vib", "oil_temp");
        float[] out = new float[10 * 2];
        read.normalise(new double[][] {{3.0, 49.0}}, new double[] {1}, 1, out, 0);
        assertThat(out[18]).isEqualTo(2.0f);
        assertThat(out[19]).isEqualTo(1.0f);
    }
}
