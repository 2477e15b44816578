package io.pdm.launcher.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.model.tuning.TuningGrid;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TuneCommandTest {
    private static final Path CMAPSS = Path.of(System.getProperty("pdm.shared.data", "../../shared/data"), "cmapss");

    @TempDir
    Path dir;

    @Test
    void eachAxisStartsWithTheCurrentDefaultOfTrainAndFinetune() {
        TuneCommand tune = new TuneCommand();
        new CommandLine(tune).parseArgs("--cmapss", "data");
        TrainCommand train = new TrainCommand();
        new CommandLine(train).parseArgs("--cmapss", "data");

        TuningGrid grid = tune.settings().grid();
        assertThat(grid.centre())
                .isEqualTo(new TuningGrid.Candidate(
                        train.training.window, train.size.patch, train.training.epochs, train.noise));
        assertThat(grid.loraLearningRates().get(0)).isEqualTo(FinetuneCommand.LORA_LEARNING_RATE);
        assertThat(grid.loraRanks().get(0)).isEqualTo(8);
        assertThat(tune.settings().subsets()).containsExactly("FD001", "FD003");
        // Centre + one change per other value: window 30, patch 10, 15 epochs, noise 0.3.
        assertThat(grid.candidates()).hasSize(5);
    }

    @Test
    void tuningOnATestFileFailsWithThePreciseMessageAndWritesNoResult() throws Exception {
        Path data = Files.createDirectory(dir.resolve("cmapss"));
        Path test = CMAPSS.resolve("test_FD001.txt").toRealPath();
        Files.createSymbolicLink(data.resolve("train_FD001.txt"), test);
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TuneCommand()).setErr(new PrintWriter(err));
        Path out = dir.resolve("tuning.json");

        int exit = cli.execute("--cmapss", data.toString(), "--subset", "FD001", "--no-lora", "--out", out.toString());

        assertThat(exit).isNotZero();
        assertThat(err.toString())
                .contains("refusing to read " + data.resolve("train_FD001.txt") + " during a tuning run: it is the test"
                        + " file " + test);
        assertThat(out).doesNotExist();
    }
}
