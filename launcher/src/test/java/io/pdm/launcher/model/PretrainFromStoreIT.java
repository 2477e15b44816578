package io.pdm.launcher.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import io.pdm.embedded.TestPostgres;
import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.federated.training.history.StoredLives;
import io.pdm.launcher.StoreRows;
import io.pdm.model.life.LifeEvaluation;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.life.RemainingLifeModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A new machine kind whose only run-to-failure history is a plant's own store: `pdm model pretrain --asset-type FILE
 * --lives store:PLANT --jdbc URL` reads the feature windows the pipeline stored, cut into lives at corrective work
 * orders, and pretrains the type's first base; it then scores another plant's stored lives it never saw.
 */
class PretrainFromStoreIT {
    private static final long T0 = 1_700_000_000_000L;
    private static final long STEP = 600_000; // ten-minute feature windows

    /** The gearbox of {@link NewAssetTypeEndToEndTest} as the feature pipeline sees it: window features. */
    private static final String TYPE = """
            id: conveyor-gearbox
            name: Conveyor gearbox
            description: Helical gearbox of a belt conveyor; ten-minute feature windows of oil temperature and vibration.
            step: { cadence: FEATURE_WINDOW, seconds: 600 }
            window: 12
            lifeUnit: HOURS
            channels:
              - { name: oil_temp.mean, unit: °C, source: WINDOW_FEATURE }
              - { name: vib_velocity.rms, unit: mm/s, source: WINDOW_FEATURE }
              - { name: load_pct.mean, unit: "%", source: WINDOW_FEATURE }
            thresholds:
              remainingLife: { warning: 6, alarm: 2 }
              healthStage: { healthyAbove: 8, degradingAbove: 3 }
            """;

    private final List<Features> windows = new ArrayList<>();
    private final List<MaintenanceLog> logs = new ArrayList<>();

    @Test
    void aTypesFirstBaseIsPretrainedOnAPlantsStoredLives(@TempDir Path dir) throws Exception {
        Path typeFile = dir.resolve("conveyor-gearbox.yaml");
        Files.writeString(typeFile, TYPE);
        AssetType type = AssetTypes.load(typeFile);
        SplittableRandom random = new SplittableRandom(5);
        for (int g = 0; g < 24; g++) gearbox("plant-a", "gb-" + g, 2, random);
        for (int g = 0; g < 6; g++) gearbox("plant-b", "gb-" + g, 1, random);
        String url = TestPostgres.newDatabase("pretrain_from_store");
        StoreRows.write(url, windows, logs);
        Path out = dir.resolve("base");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = new CommandLine(new PretrainCommand())
                .setErr(new PrintWriter(err, true))
                .execute(
                        "--asset-type", typeFile.toString(),
                        "--lives", "store:plant-a",
                        "--jdbc", url,
                        "--out", out.toString(),
                        "--patch", "4",
                        "--hidden", "32",
                        "--layers", "1",
                        "--dropout", "0",
                        "--epochs", "8",
                        "--batch", "64",
                        "--lr", "3e-3");

        assertThat(exit).as(err.toString()).isZero();
        LifeProtocol protocol = LifeProtocol.read(out);
        assertThat(protocol.assetType()).isEqualTo("conveyor-gearbox");
        assertThat(protocol.channels()).containsExactly("oil_temp.mean", "vib_velocity.rms", "load_pct.mean");
        assertThat(protocol.window()).isEqualTo(12);
        // plant-b's gearboxes: lives in another store partition the base never saw
        List<Life> unseen = new StoredLives(url, "plant-b", StoredLives.CORRECTIVE, null)
                .read(type)
                .lives();
        assertThat(unseen).hasSize(6).allMatch(l -> l.end() == LifeEnd.FAILED);
        try (RemainingLifeModel model = RemainingLifeModel.load(out, null)) {
            LifeEvaluation evaluation = LifeEvaluation.of(model, unseen);
            assertThat(evaluation.rmse()).isLessThan(0.6 * evaluation.meanPredictorRmse());
        }
    }

    @Test
    void aStoreWithTooFewLivesIsAClearUsageError(@TempDir Path dir) throws Exception {
        Path typeFile = dir.resolve("conveyor-gearbox.yaml");
        Files.writeString(typeFile, TYPE);
        gearbox("plant-a", "gb-0", 1, new SplittableRandom(1));
        String url = TestPostgres.newDatabase("pretrain_from_store_few");
        StoreRows.write(url, windows, logs);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = new CommandLine(new PretrainCommand())
                .setErr(new PrintWriter(err, true))
                .execute(
                        "--asset-type",
                        typeFile.toString(),
                        "--lives",
                        "store:plant-a",
                        "--jdbc",
                        url,
                        "--out",
                        dir.resolve("base").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("store:plant-a holds 1 conveyor-gearbox lives");
        assertThat(dir.resolve("base")).doesNotExist();
    }

    /**
     * {@code lives} runs of one gearbox, each 60–140 windows long and ended by a REPLACEMENT work order after a short
     * stop; vibration and oil temperature rise with wear (t / L)², load is unrelated noise. An inspection half-way
     * through does not end a life.
     */
    private void gearbox(String plant, String asset, int lives, SplittableRandom random) {
        long t = T0;
        for (int l = 0; l < lives; l++) {
            int length = 60 + random.nextInt(81);
            for (int s = 1; s <= length; s++) {
                double wear = Math.pow((double) s / length, 2);
                t += STEP;
                windows.add(new Features(
                        plant,
                        asset,
                        t - STEP,
                        t,
                        60,
                        Map.of(
                                "oil_temp.mean", 45 + 20 * wear + 0.5 * random.nextGaussian(),
                                "vib_velocity.rms", 1.0 + 4 * wear + 0.15 * random.nextGaussian(),
                                "load_pct.mean", 60 + 15 * random.nextGaussian()),
                        null,
                        null));
                if (s == length / 2) log(plant, asset, t + STEP / 2, "INSPECTION");
            }
            t += 3 * STEP; // down for the replacement
            log(plant, asset, t, "REPLACEMENT");
        }
    }

    private void log(String plant, String asset, long at, String action) {
        String id = "wo-" + plant + "-" + asset + "-" + logs.size();
        logs.add(new MaintenanceLog(id, plant, asset, at, action, "gear set", "jd", "work order", "REST", at));
    }
}
