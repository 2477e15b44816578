package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import io.pdm.embedded.TestPostgres;
import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.federated.plant.PlantService;
import io.pdm.federated.plant.PlantSettings;
import io.pdm.federated.training.LifeLoraTraining;
import io.pdm.federated.training.PlantTraining;
import io.pdm.launcher.Pdm;
import io.pdm.launcher.StoreRows;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.life.LifePretraining;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pdm fl plant --jdbc URL --stored-lives}: the options reach the plant's store as the data source, so the
 * plant's trainer trains its life base on the lives of the base's type that the feature pipeline stored (real
 * PostgreSQL, the store's own writers, real DJL), as the demo's trainers do.
 */
class StoredLivesPlantIT {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000;
    private static final String TYPE = """
            {"id": "lite-pump", "name": "Test pump", "step": {"cadence": "FEATURE_WINDOW", "seconds": 60},
             "window": 10, "lifeUnit": "HOURS",
             "channels": [{"name": "temperature_c.mean", "unit": "°C", "source": "WINDOW_FEATURE"},
                          {"name": "vibration.rms", "unit": "g", "source": "WINDOW_FEATURE"}],
             "thresholds": {"remainingLife": {"warning": 0.3, "alarm": 0.1},
                            "healthStage": {"healthyAbove": 0.5, "degradingAbove": 0.2}}}
            """;

    @TempDir
    Path work;

    private final List<Features> windows = new ArrayList<>();
    private final List<MaintenanceLog> logs = new ArrayList<>();

    @Test
    void thePlantTrainsItsLifeBaseOnTheLivesInItsStore() throws Exception {
        AssetType type = AssetTypes.parse(TYPE, "lite-pump", false);
        Path base = pretrain(type);
        // Plant p1 stores three pumps, each run 40–60 minutes until a repair, then 30 more minutes (censored).
        for (int p = 1; p <= 3; p++) {
            String asset = "pump-0" + p;
            int life = 30 + 10 * p;
            for (int m = 1; m <= life; m++) window("p1", asset, m, 1450.0, 40 + 0.3 * m, 0.05 + 0.002 * m);
            log("wo-" + p, "p1", asset, (life + 1) * MIN, "REPAIR");
            for (int m = life + 2; m <= life + 31; m++) window("p1", asset, m, 1450.0, 40, 0.05);
        }
        for (int m = 1; m <= 40; m++) window("p2", "pump-09", m, 1450.0, 45, 0.5); // another plant's pump
        String url = TestPostgres.newDatabase("plant_stored_lives");
        StoreRows.write(url, windows, logs);

        CommandLine.ParseResult args = Pdm.commandLine()
                .parseArgs(
                        "fl",
                        "plant",
                        "--aggregator",
                        "https://localhost:8443",
                        "--keystore",
                        work.resolve("p1.p12").toString(),
                        "--plant",
                        "p1",
                        "--base",
                        base.toString(),
                        "--jdbc",
                        url,
                        "--stored-lives",
                        "--running-channel",
                        "speed_rpm.min");
        PlantSettings settings =
                ((PlantCommand) args.subcommand().subcommand().commandSpec().userObject()).settings();

        try (PlantTraining training = PlantService.training(settings)) {
            assertThat(training).isInstanceOf(LifeLoraTraining.class);
            LifeLoraTraining lives = (LifeLoraTraining) training;
            assertThat(lives.protocol().assetType()).isEqualTo("lite-pump");
            assertThat(lives.lifeCount()).isEqualTo(6); // p1's three pumps, each a repaired life and a running one
            assertThat(lives.windowCount()).isPositive();
            assertThat(lives.hasHeldOut()).isTrue(); // whole pumps held out for the plant's own choices
            assertThat(training.name()).isEqualTo("p1");
        }
    }

    /** A small real base of the test type, pretrained on synthetic lives (one epoch: only its shape matters here). */
    private Path pretrain(AssetType type) throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        List<Life> lives = new ArrayList<>();
        for (int l = 0; l < 8; l++) {
            int n = 40 + random.nextInt(20);
            double[][] values = new double[n][];
            double[] ages = new double[n];
            for (int t = 0; t < n; t++) {
                values[t] = new double[] {40 + 0.3 * t + random.nextGaussian(), 0.05 + 0.002 * t};
                ages[t] = (t + 1) / 60.0;
            }
            lives.add(new Life("l" + l, "a" + l, type.id(), type.modelChannels(), values, ages, LifeEnd.FAILED, 0.0));
        }
        Path dir = work.resolve("base");
        try (NDManager manager = NDManager.newBaseManager();
                LifePretraining.Outcome outcome = LifePretraining.run(
                        LifePretraining.Settings.of(
                                type,
                                lives,
                                new CmapssModels.Size(16, 1, 5, 0.0),
                                TrainingOptions.defaults().withEpochs(1).withBatchSize(32)),
                        manager,
                        TrainingMonitor.SILENT)) {
            outcome.save(dir);
        }
        return dir;
    }

    private void window(String plant, String asset, int minute, double speedMin, double temperature, double vib) {
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("speed_rpm.min", speedMin);
        features.put("temperature_c.mean", temperature);
        features.put("vibration.rms", vib);
        long end = T0 + minute * MIN;
        windows.add(new Features(plant, asset, end - MIN, end, 60, features, null, null));
    }

    private void log(String id, String plant, String asset, long at, String action) {
        logs.add(new MaintenanceLog(id, plant, asset, T0 + at, action, "bearing", "jd", "work order", "MQTT", T0 + at));
    }
}
