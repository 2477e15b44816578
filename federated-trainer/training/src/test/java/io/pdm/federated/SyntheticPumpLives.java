package io.pdm.federated;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.life.LifePretraining;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Pump-like lives in 60 s feature windows (ages in hours): bearing temperature and vibration rise with wear, load is
 * noise. A plant's pumps can wear differently from the fleet the base was pretrained on ({@code shape}: wear =
 * (t / L)^shape), which is what a plant's adapter has to learn.
 */
public final class SyntheticPumpLives {
    public static final List<String> CHANNELS = List.of("temperature_c.mean", "vibration.rms", "load_pct.mean");
    public static final String TYPE_ID = "test-pump";
    public static final double HOURS_PER_STEP = 1 / 60.0;

    static final String TYPE = """
            {"id": "test-pump", "name": "Test pump", "step": {"cadence": "FEATURE_WINDOW", "seconds": 60},
             "window": 10, "lifeUnit": "HOURS",
             "channels": [{"name": "temperature_c.mean", "unit": "°C", "source": "WINDOW_FEATURE"},
                          {"name": "vibration.rms", "unit": "g", "source": "WINDOW_FEATURE"},
                          {"name": "load_pct.mean", "unit": "%", "source": "WINDOW_FEATURE"}],
             "thresholds": {"remainingLife": {"warning": 0.5, "alarm": 0.2},
                            "healthStage": {"healthyAbove": 0.75, "degradingAbove": 0.25}}}
            """;

    private SyntheticPumpLives() {}

    public static AssetType type() throws Exception {
        return AssetTypes.parse(TYPE, "test-pump", false);
    }

    /** One step's channel values at wear {@code w}. */
    public static double[] values(double w, SplittableRandom random) {
        return new double[] {
            40 + 30 * w + 0.5 * random.nextGaussian(),
            0.5 + 2 * w + 0.05 * random.nextGaussian(),
            60 + 10 * random.nextGaussian()
        };
    }

    /** Lives of 60–140 steps on {@code assets} pumps named {@code prefix-N}, each ending in a failure. */
    public static List<Life> lives(String prefix, int count, int assets, double shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Life> lives = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            int length = 60 + random.nextInt(81);
            double[][] values = new double[length][];
            double[] ages = new double[length];
            for (int t = 0; t < length; t++) {
                values[t] = values(Math.pow((t + 1.0) / length, shape), random);
                ages[t] = (t + 1) * HOURS_PER_STEP;
            }
            String asset = prefix + "-" + (l % assets);
            lives.add(new Life(asset + "/" + l, asset, TYPE_ID, CHANNELS, values, ages, LifeEnd.FAILED, 0.0));
        }
        return lives;
    }

    /** A small base (width 16, one layer) pretrained for a few epochs on {@code lives}, saved in {@code dir}. */
    public static Path base(Path dir, List<Life> lives) throws Exception {
        TrainingOptions training = TrainingOptions.defaults()
                .withEpochs(6)
                .withBatchSize(64)
                .withLearningRate(3e-3f)
                .withSeed(11);
        LifePretraining.Settings settings =
                LifePretraining.Settings.of(type(), lives, new CmapssModels.Size(16, 1, 5, 0.0), training);
        try (NDManager manager = NDManager.newBaseManager();
                LifePretraining.Outcome outcome = LifePretraining.run(settings, manager, TrainingMonitor.SILENT)) {
            outcome.save(dir);
        }
        return dir;
    }
}
