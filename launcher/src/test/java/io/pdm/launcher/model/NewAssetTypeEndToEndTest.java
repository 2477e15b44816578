package io.pdm.launcher.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.CsvLives;
import io.pdm.assets.lives.Life;
import io.pdm.model.life.LifeEvaluation;
import io.pdm.model.life.LifePrediction;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.life.ProtocolMismatchException;
import io.pdm.model.life.RemainingLifeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A third machine kind with no code change: a type file and a CSV of run-to-failure lives, `pdm model pretrain
 * --asset-type FILE --lives CSV`, then the scoring API on lives the model never saw.
 */
class NewAssetTypeEndToEndTest {
    /** A conveyor gearbox sampled every 10 minutes; remaining life in hours. */
    private static final String TYPE = """
            id: conveyor-gearbox
            name: Conveyor gearbox
            description: Helical gearbox of a belt conveyor; oil temperature and vibration velocity every 10 minutes.
            step: { cadence: SNAPSHOT, seconds: 600 }
            window: 12
            lifeUnit: HOURS
            channels:
              - { name: oil_temp, unit: °C, source: SNAPSHOT_SENSOR }
              - { name: vib_velocity, unit: mm/s, source: SNAPSHOT_SENSOR }
              - { name: load_pct, unit: "%", source: SNAPSHOT_SENSOR }
            components:
              - { id: gear-set, name: Gear set, vocabulary: [gear, pinion, tooth, pitting] }
            failureModes:
              - { id: pitting, name: Tooth-flank pitting, components: [gear-set], vocabulary: [pitting, spalling],
                  channels: [vib_velocity, oil_temp] }
            thresholds:
              remainingLife: { warning: 6, alarm: 2 }
              healthStage: { healthyAbove: 8, degradingAbove: 3 }
            limits:
              - channel: vib_velocity
                unit: mm/s
                standard: ISO 20816-3:2022
                machineClass: group 2, rigid foundation
                zones: [ { zone: A, upTo: 1.4 }, { zone: B, upTo: 2.8 }, { zone: C, upTo: 4.5 }, { zone: D } ]
            """;

    @Test
    void aThirdMachineTypeIsPretrainedFromATypeFileAndCsvLivesAndScored(@TempDir Path dir) throws Exception {
        Path type = dir.resolve("conveyor-gearbox.yaml");
        Files.writeString(type, TYPE);
        Path lives = dir.resolve("lives.csv");
        Path test = dir.resolve("test-lives.csv");
        Files.writeString(lives, csv(40, 1));
        Files.writeString(test, csv(12, 2));
        Path out = dir.resolve("base");

        int exit = new CommandLine(new PretrainCommand())
                .execute(
                        "--asset-type", type.toString(),
                        "--lives", lives.toString(),
                        "--test-lives", test.toString(),
                        "--out", out.toString(),
                        "--patch", "4",
                        "--hidden", "32",
                        "--layers", "1",
                        "--dropout", "0",
                        "--epochs", "8",
                        "--batch", "64",
                        "--lr", "3e-3");

        assertThat(exit).isZero();
        LifeProtocol protocol = LifeProtocol.read(out);
        assertThat(protocol.assetType()).isEqualTo("conveyor-gearbox");
        assertThat(protocol.window()).isEqualTo(12); // the type's window, not the C-MAPSS default of 50
        assertThat(protocol.lifeUnit()).isEqualTo("HOURS");
        assertThat(protocol.rulCap()).isEqualTo(12.0);
        List<Life> unseen = new CsvLives(test, AssetTypes.load(type)).lives();
        try (RemainingLifeModel model = RemainingLifeModel.load(out, null)) {
            LifeEvaluation evaluation = LifeEvaluation.of(model, unseen);
            assertThat(evaluation.rmse()).isLessThan(0.6 * evaluation.meanPredictorRmse());
            assertThat(evaluation.coverage()).isGreaterThan(0.75);

            Life life = unseen.get(0);
            double[][] v = life.values();
            double[] previous = {Double.MAX_VALUE};
            for (int end : new int[] {12, v.length / 2, v.length}) {
                LifePrediction p =
                        model.predict(life.channels(), Arrays.copyOfRange(v, end - 12, end), life.age(end - 1));
                assertThat(p.rul()).isLessThan(previous[0]);
                assertThat(p.unit()).isEqualTo("HOURS");
                previous[0] = p.rul();
            }
            assertThat(previous[0]).isLessThan(3.0);
            assertThatThrownBy(() -> model.predict(List.of("oil_temp", "vib_velocity"), new double[12][2], 0))
                    .isInstanceOf(ProtocolMismatchException.class)
                    .hasMessageContaining("missing [load_pct]");
        }
    }

    @Test
    void cmapssOrAssetTypeMustBeChosen(@TempDir Path dir) {
        int exit = new CommandLine(new PretrainCommand()).execute("--out", dir.toString());

        assertThat(exit).isNotZero();
    }

    /**
     * Lives of 60–140 ten-minute steps: vibration and oil temperature rise with wear (t / L)², load is unrelated
     * noise. Written in the documented CSV layout.
     */
    private static String csv(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder("life_id,step,oil_temp,vib_velocity,load_pct,end\n");
        for (int l = 0; l < count; l++) {
            int length = 60 + random.nextInt(81);
            for (int t = 1; t <= length; t++) {
                double wear = Math.pow((double) t / length, 2);
                b.append(String.format(
                        Locale.ROOT,
                        "gb%d-%d,%d,%.2f,%.3f,%.1f,%s%n",
                        seed,
                        l,
                        t,
                        45 + 20 * wear + 0.5 * random.nextGaussian(),
                        1.0 + 4 * wear + 0.15 * random.nextGaussian(),
                        60 + 15 * random.nextGaussian(),
                        t == length ? "FAILED" : ""));
            }
        }
        return b.toString();
    }
}
