package io.pdm.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import io.pdm.inference.scoring.ScoringInput;
import io.pdm.inference.scoring.StepInput;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.cmapss.RulPredictor;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.life.LifePretraining;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.life.LifeWindows;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A base of a type with operating regimes, scored the way the service scores: each asset's window is built from
 * feature vectors by the type's runtime and scored through the plant's model. The windows carry the regime's context
 * channel, and every estimate equals what the training path (LifeWindows, the base's network) gives for the same life.
 */
class RegimeScoringTest {
    private static final String TYPE = """
            {"id": "test-fan", "name": "Test fan", "step": {"cadence": "FEATURE_WINDOW", "seconds": 60},
             "window": 10, "lifeUnit": "CYCLES",
             "channels": [{"name": "vib.rms", "unit": "mm/s", "source": "WINDOW_FEATURE"},
                          {"name": "temp.mean", "unit": "°C", "source": "WINDOW_FEATURE"},
                          {"name": "speed.mean", "unit": "rpm", "source": "WINDOW_FEATURE", "model": false}],
             "thresholds": {"remainingLife": {"warning": 20, "alarm": 8},
                            "healthStage": {"healthyAbove": 40, "degradingAbove": 15}},
             "regimes": {"channels": ["speed.mean"], "method": "ROUNDING", "resolution": [100]}}
            """;
    private static final List<String> CHANNELS = List.of("vib.rms", "temp.mean", "speed.mean");

    @TempDir
    Path dir;

    private static List<Life> lives(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Life> out = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            int length = 60 + random.nextInt(61);
            double[][] values = new double[length][];
            double[] ages = new double[length];
            int speed = random.nextInt(3);
            for (int t = 0; t < length; t++) {
                if (random.nextInt(5) == 0) speed = random.nextInt(3);
                double wear = Math.pow((t + 1.0) / length, 2);
                values[t] = new double[] {
                    1 + 5 * speed + 2 * wear + 0.1 * random.nextGaussian(),
                    40 + 20 * speed + 8 * wear + 0.3 * random.nextGaussian(),
                    900 + 600 * speed + 5 * random.nextGaussian()
                };
                ages[t] = t + 1;
            }
            out.add(new Life("life-" + l, "fan-" + l, "test-fan", CHANNELS, values, ages, LifeEnd.FAILED, 0.0));
        }
        return out;
    }

    @Test
    void theServiceScoresARegimeBaseExactlyAsItWasTrained() throws Exception {
        AssetType type = AssetTypes.parse(TYPE, "test-fan", false);
        Path base = dir.resolve("base");
        try (NDManager manager = NDManager.newBaseManager();
                LifePretraining.Outcome outcome = LifePretraining.run(
                        LifePretraining.Settings.of(
                                type,
                                lives(24, 1),
                                new CmapssModels.Size(16, 1, 5, 0.0),
                                TrainingOptions.defaults().withEpochs(2).withBatchSize(64)),
                        manager,
                        TrainingMonitor.SILENT)) {
            outcome.save(base);
        }
        LifeProtocol protocol = LifeProtocol.read(base);
        assertThat(protocol.regimes().count()).isEqualTo(3);
        Life life = lives(1, 42).get(0);

        // the training path: the life cut by LifeWindows, through the base's network
        float[] trained;
        WindowSet cut = LifeWindows.everyStep(List.of(life), protocol);
        try (NDManager manager = NDManager.newBaseManager()) {
            PdmTransformer network = ModelCheckpoint.load(base, manager);
            trained = RulPredictor.predict(network, cut);
            network.close();
        }

        // the service's path: feature vectors (every channel, in no particular order) into the type's windows
        TypeRuntime runtime = TypeRuntime.withModel(type, base, Clock.systemUTC());
        assertThat(runtime.windows().channels()).containsExactly("vib.rms", "temp.mean", "speed.mean");
        RemainingLifeModel model =
                runtime.slot().orElseThrow().current().orElseThrow().model();
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < life.steps(); i++) {
            Map<String, Double> features = new HashMap<>();
            for (int c = 0; c < CHANNELS.size(); c++) features.put(CHANNELS.get(c), life.value(i, c));
            ScoringInput window = runtime.windows()
                    .add(new StepInput("fan-7", t0.plus(Duration.ofMinutes(i + 1)), features, life.age(i)))
                    .orElseThrow();
            double scored = PlantSteps.predict(model, window, false).rul();
            assertThat(scored)
                    .as("step %d", i)
                    .isCloseTo(Math.min(protocol.rulCap(), Math.max(0, trained[i])), within(1e-3));
        }
        assertThat(cut.count()).isEqualTo(life.steps());
    }
}
