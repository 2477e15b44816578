package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.federated.plant.PlantSettings;
import io.pdm.federated.plant.PlantSettings.Data;
import io.pdm.federated.plant.PlantSettings.Personalisation;
import io.pdm.federated.plant.PlantSettings.Privacy;
import io.pdm.federated.training.history.StoredLives;
import io.pdm.launcher.Pdm;
import io.pdm.model.life.LifeProtocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pdm fl plant} only turns options into {@link PlantSettings}; what it cannot run is a usage error. */
class PlantCommandTest {
    static final List<String> REQUIRED =
            List.of("fl", "plant", "--aggregator", "https://agg:8443", "--keystore", "pki/p1.p12", "--base", "base");

    private static PlantSettings settings(String... more) {
        List<String> args = new ArrayList<>(REQUIRED);
        args.addAll(List.of(more));
        CommandLine.ParseResult r = Pdm.commandLine().parseArgs(args.toArray(String[]::new));
        return ((PlantCommand) r.subcommand().subcommand().commandSpec().userObject()).settings();
    }

    /** Runs the command as {@code pdm} does; returns the exit code and what it printed to stderr. */
    private static String usageError(String... more) {
        List<String> args = new ArrayList<>(REQUIRED);
        args.addAll(List.of(more));
        StringWriter err = new StringWriter();
        CommandLine pdm = Pdm.commandLine().setErr(new PrintWriter(err, true));
        int exit = pdm.execute(args.toArray(String[]::new));
        return exit + " " + err;
    }

    @Test
    void optionsBecomeTheServicesSettings() {
        PlantSettings s = settings(
                "--cmapss",
                "cmapss",
                "--subset",
                "FD002",
                "--local-steps",
                "3",
                "--batch",
                "16",
                "--prox-mu",
                "0.01",
                "--ditto",
                "0.2",
                "--dp-epsilon",
                "8",
                "--dp-sgd-noise",
                "0.9",
                "--poll",
                "200ms",
                "--serve-port",
                "0");
        assertThat(s.plant()).isEqualTo("p1");
        assertThat(s.data()).isEqualTo(new Data.Cmapss(Path.of("cmapss"), "FD002"));
        assertThat(s.work().steps()).isEqualTo(3);
        assertThat(s.work().batch()).isEqualTo(16);
        assertThat(s.work().proximalMu()).isEqualTo(0.01f);
        assertThat(s.personalisation()).isEqualTo(new Personalisation.Ditto(0.2f));
        assertThat(s.privacy()).isEqualTo(new Privacy.DpSgd(8, 0.9, 10));
        assertThat(s.poll()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.servePort()).isZero();

        PlantSettings store = settings("--jdbc", "jdbc:postgresql://db/pdm", "--end-of-life", "REPLACEMENT,OVERHAUL");
        assertThat(store.data())
                .isEqualTo(new Data.Store("jdbc:postgresql://db/pdm", Set.of("REPLACEMENT", "OVERHAUL")));
        assertThat(store.personalisation()).isEqualTo(new Personalisation.None());
        assertThat(store.privacy()).isEqualTo(new Privacy.None());
        assertThat(settings("--jdbc", "jdbc:x", "--dp-epsilon", "4", "--dp-noise", "1.1")
                        .privacy())
                .isEqualTo(new Privacy.DeltaNoise(4, 1.1, 1.0));
        assertThat(settings("--jdbc", "jdbc:x", "--adapt-rounds", "2").personalisation())
                .isEqualTo(new Personalisation.ValidatedAdaptation(2));
        PlantSettings averaged = settings("--jdbc", "jdbc:x", "--swa-rounds", "5", "--wire", "I8");
        assertThat(averaged.averagedVersions()).isEqualTo(5);
        assertThat(averaged.wire()).isEqualTo(io.pdm.model.io.SafetensorsDtype.I8);
        assertThat(store.averagedVersions()).as("the newest version alone").isEqualTo(1);
    }

    @Test
    void whatTheTrainerCannotRunIsAUsageErrorBeforeAnythingStarts() {
        assertThat(usageError("--jdbc", "jdbc:x", "--cmapss", "c"))
                .startsWith("2 ")
                .contains("--jdbc and --cmapss/--subset are two data sources; choose one");
        assertThat(usageError("--cmapss", "c")).startsWith("2 ").contains("give --cmapss and --subset, or --jdbc");
        assertThat(usageError("--jdbc", "jdbc:x", "--personal", "--adapt-rounds", "2"))
                .startsWith("2 ")
                .contains("three kinds of personalisation; choose one");
        assertThat(usageError("--jdbc", "jdbc:x", "--dp-noise", "1"))
                .startsWith("2 ")
                .contains("add --dp-epsilon");
        assertThat(usageError("--jdbc", "jdbc:x", "--dp-epsilon", "1", "--dp-noise", "1", "--dp-sgd-noise", "1"))
                .startsWith("2 ")
                .contains("exactly one of --dp-noise (plant-level) and --dp-sgd-noise (DP-SGD)");
    }

    private static PlantSettings withBase(Path base, String... more) {
        List<String> args =
                new ArrayList<>(List.of("fl", "plant", "--aggregator", "https://agg:8443", "--keystore", "pki/p1.p12"));
        args.addAll(List.of("--base", base.toString()));
        args.addAll(List.of(more));
        CommandLine.ParseResult r = Pdm.commandLine().parseArgs(args.toArray(String[]::new));
        return ((PlantCommand) r.subcommand().subcommand().commandSpec().userObject()).settings();
    }

    @Test
    void storedLivesTrainTheBasesAssetTypeOnThePlantsStore(@TempDir Path dir) throws IOException {
        Path base = dir.resolve("pump-base");
        new LifeProtocol(
                        "pump-set",
                        "HOURS",
                        1 / 60.0,
                        List.of("temperature_c.mean"),
                        LifeProtocol.Z_SCORE,
                        new double[] {50},
                        new double[] {10},
                        10,
                        5,
                        false,
                        1.125,
                        List.of("healthy", "degrading", "critical"),
                        0.75,
                        0.25,
                        null)
                .write(base);

        PlantSettings s = withBase(base, "--jdbc", "jdbc:postgresql://db/pdm", "--stored-lives");
        assertThat(s.data())
                .isEqualTo(
                        new Data.StoredLives("jdbc:postgresql://db/pdm", "pump-set", StoredLives.CORRECTIVE, null, 2));

        PlantSettings given = withBase(
                base,
                "--jdbc",
                "jdbc:x",
                "--stored-lives",
                "--end-of-life",
                "REPLACEMENT",
                "--running-channel",
                "speed_rpm.min",
                "--epochs",
                "3");
        assertThat(given.data())
                .isEqualTo(new Data.StoredLives("jdbc:x", "pump-set", Set.of("REPLACEMENT"), "speed_rpm.min", 3));

        assertThat(usageError("--stored-lives")).startsWith("2 ").contains("--stored-lives reads the plant's store");
        assertThat(usageError("--jdbc", "jdbc:x", "--stored-lives"))
                .startsWith("2 ")
                .contains("--stored-lives needs a life base that records its asset type");
    }
}
