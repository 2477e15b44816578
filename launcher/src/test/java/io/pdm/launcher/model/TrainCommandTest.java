package io.pdm.launcher.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
    private static final Path CMAPSS = Path.of(System.getProperty("pdm.shared.data", "../../shared/data"), "cmapss");

    @TempDir
    Path dir;

    @Test
    void pooledTrainingDefaultsToTheCycleChannel25EpochsAndNoWeightAverage() {
        TrainCommand defaults = new TrainCommand();
        new CommandLine(defaults).parseArgs("--cmapss", "data");
        TrainCommand without = new TrainCommand();
        new CommandLine(without).parseArgs("--cmapss", "data", "--cycle-channel=false", "--epochs", "15");

        assertThat(defaults.cycleChannel).isTrue();
        assertThat(defaults.training.epochs).isEqualTo(25);
        assertThat(defaults.average).isZero();
        assertThat(without.cycleChannel).isFalse();
        assertThat(without.training.epochs).isEqualTo(15);
    }

    @Test
    void pretrainingKeeps15Epochs() {
        PretrainCommand pretrain = new PretrainCommand();
        new CommandLine(pretrain).parseArgs("--cmapss", "data", "--out", "base");

        assertThat(pretrain.training.epochs).isEqualTo(15);
    }

    /**
     * The printed RMSE of each member and of the ensemble equals a recomputation from the written predictions and the
     * NASA RUL file, and {@code pdm model eval} of a saved member prints that member's figure again.
     */
    @Test
    void printedTestRmseEqualsARecomputationFromTheWrittenPredictionsAndModelEval() throws Exception {
        String printed = run(
                new TrainCommand(),
                "--cmapss",
                CMAPSS.toString(),
                "--subset",
                "FD001",
                "--ensemble",
                "2",
                "--epochs",
                "1",
                "--window",
                "10",
                "--patch",
                "5",
                "--hidden",
                "16",
                "--layers",
                "1",
                "--predictions",
                dir.resolve("predictions").toString(),
                "--out",
                dir.resolve("models").toString());

        List<String> lines = Files.readAllLines(dir.resolve("predictions/FD001.csv"));
        assertThat(lines.get(0)).isEqualTo("unit,true_rul,member_0,member_1,ensemble");
        List<String> rul = Files.readAllLines(CMAPSS.resolve("RUL_FD001.txt")).stream()
                .filter(l -> !l.isBlank())
                .toList();
        assertThat(lines).hasSize(1 + rul.size());
        double[] squared = new double[3];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            assertThat(Integer.parseInt(f[0])).isEqualTo(i);
            double truth = Math.min(125, Integer.parseInt(rul.get(i - 1).trim()));
            assertThat(Double.parseDouble(f[1])).isEqualTo(truth);
            double m0 = Double.parseDouble(f[2]);
            double m1 = Double.parseDouble(f[3]);
            assertThat(Double.parseDouble(f[4])).isCloseTo((m0 + m1) / 2, within(1e-3));
            squared[0] += (m0 - truth) * (m0 - truth);
            squared[1] += (m1 - truth) * (m1 - truth);
            squared[2] += ((m0 + m1) / 2 - truth) * ((m0 + m1) / 2 - truth);
        }
        int n = lines.size() - 1;
        assertThat(printedRmse(printed, "pooled training, seed 42 FD001: test RMSE"))
                .isCloseTo(Math.sqrt(squared[0] / n), within(0.005));
        assertThat(printedRmse(printed, "pooled training, seed 43 FD001: test RMSE"))
                .isCloseTo(Math.sqrt(squared[1] / n), within(0.005));
        assertThat(printedRmse(printed, "ensemble of 2 (seeds 42–43) FD001: test RMSE"))
                .isCloseTo(Math.sqrt(squared[2] / n), within(0.005));

        String eval = run(
                new EvalCommand(),
                "--model",
                dir.resolve("models/FD001/seed-42").toString(),
                "--cmapss",
                CMAPSS.toString(),
                "--subset",
                "FD001");
        assertThat(printedRmse(eval, "FD001: RMSE"))
                .isEqualTo(printedRmse(printed, "pooled training, seed 42 FD001: test RMSE"));
        assertThat(eval).contains("on 100 test engines");
    }

    private static String run(Object command, String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(command).execute(args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double printedRmse(String printed, String prefix) {
        Matcher m =
                Pattern.compile(Pattern.quote(prefix) + " ([0-9]+\\.[0-9]{2})").matcher(printed);
        assertThat(m.find()).as("'%s' in%n%s", prefix, printed).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
