package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pdm.launcher.Pdm;
import io.pdm.launcher.predictions.Blend;
import io.pdm.launcher.predictions.SavedRun;
import io.pdm.model.data.cmapss.ScoredWindows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pdm fl ensemble --blend A,B} on tiny saved runs: the blend's RMSE against a computation by hand. */
class EnsembleBlendTest {
    private static final int[] UNITS = {1, 2, 3};
    private static final int[] CYCLES = {50, 60, 70};
    private static final float[] TRUTH = {40, 20, 60};
    // per run (seed 42, 43): fd001's federated and local predictions; fd002 is federated = truth + 4, local = truth - 4
    private static final float[][] FED = {{50, 10, 61}, {46, 14, 63}};
    private static final float[][] LOCAL = {{30, 30, 50}, {36, 22, 58}};

    @TempDir
    Path dir;

    Path run(int i, float[] localFd001) throws Exception {
        Map<String, Map<String, ScoredWindows>> rows = new LinkedHashMap<>();
        rows.put("fed", plants(windows(FED[i]), windows(shifted(4))));
        rows.put("local", plants(windows(localFd001), windows(shifted(-4))));
        Path run = dir.resolve("run" + i);
        SavedRun.write(run, "tuning", 42 + i, Map.of("rounds", "20"), rows);
        return run;
    }

    static Map<String, ScoredWindows> plants(ScoredWindows fd001, ScoredWindows fd002) {
        Map<String, ScoredWindows> byPlant = new LinkedHashMap<>();
        byPlant.put("fd001", fd001);
        byPlant.put("fd002", fd002);
        return byPlant;
    }

    static ScoredWindows windows(float[] predicted) {
        return new ScoredWindows("x", UNITS, CYCLES, TRUTH, predicted);
    }

    static float[] shifted(float by) {
        return new float[] {TRUTH[0] + by, TRUTH[1] + by, TRUTH[2] + by};
    }

    /** RMSE of w · mean(FED) + (1 − w) · mean(LOCAL) on fd001, straight from the definition. */
    static double byHand(double w) {
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            double fed = (FED[0][i] + FED[1][i]) / 2.0;
            double local = (LOCAL[0][i] + LOCAL[1][i]) / 2.0;
            double e = w * fed + (1 - w) * local - TRUTH[i];
            sum += e * e;
        }
        return Math.sqrt(sum / 3);
    }

    @Test
    void everyWeightsRmseEqualsTheBlendComputedByHandAndTheBestIsChosenPerPlant() throws Exception {
        List<SavedRun> runs = List.of(SavedRun.read(run(0, LOCAL[0])), SavedRun.read(run(1, LOCAL[1])));
        Blend blend = Blend.of(runs, "fed", "local", Blend.everyPlant(runs.get(0), "fed"));

        assertThat(blend.byPlant()).containsOnlyKeys("fd001", "fd002");
        double best = Double.MAX_VALUE;
        double bestW = -1;
        for (double w : Blend.WEIGHTS) {
            assertThat(blend.byPlant().get("fd001").get(w).rmse()).as("w %s", w).isCloseTo(byHand(w), within(1e-5));
            if (byHand(w) < best) {
                best = byHand(w);
                bestW = w;
            }
        }
        assertThat(blend.best()).containsEntry("fd001", bestW);
        // fd002: +4 and -4 cancel at w = 0.5 exactly; w = 1 and w = 0 tie at 4, so without 0.5 the tie goes to 1
        assertThat(blend.byPlant().get("fd002").get(0.5).rmse()).isCloseTo(0, within(1e-6));
        assertThat(blend.best()).containsEntry("fd002", 0.5);
        Blend ends = Blend.of(runs, "fed", "local", Map.of("fd002", List.of(0.0, 1.0)));
        assertThat(ends.best()).containsEntry("fd002", 1.0);
        // a difference the printed table does not show (4.004 against 4.000) is a tie too: the larger w
        Map<Double, io.pdm.model.data.cmapss.RulEvaluation> close = new LinkedHashMap<>();
        close.put(0.25, new io.pdm.model.data.cmapss.RulEvaluation("fd003", 3, 4.000, 1));
        close.put(0.5, new io.pdm.model.data.cmapss.RulEvaluation("fd003", 3, 4.004, 1));
        close.put(0.75, new io.pdm.model.data.cmapss.RulEvaluation("fd003", 3, 4.010, 1));
        assertThat(new Blend("fed", "local", 2, Map.of("fd003", close)).best()).containsEntry("fd003", 0.5);

        String all = run(
                "fl",
                "ensemble",
                "--blend",
                "fed,local",
                runs.get(0).dir().toString(),
                runs.get(1).dir().toString());
        assertThat(all)
                .contains("per-plant blend w * mean(fed) + (1 - w) * mean(local) of 2 runs on the tuning set")
                .contains(String.format(Locale.ROOT, "w = 0.25               | %7.2f", byHand(0.25)))
                .contains("--blend-weights fd001=" + bestW + ",fd002=0.5");
        String given = run(
                "fl",
                "ensemble",
                "--blend",
                "fed,local",
                "--blend-weights",
                "fd001=0.75,fd002=0",
                runs.get(0).dir().toString(),
                runs.get(1).dir().toString());
        assertThat(given)
                .contains(String.format(Locale.ROOT, "given weights          | %7.2f", byHand(0.75)))
                .doesNotContain("w = 1.00")
                .doesNotContain("best");
    }

    @Test
    void refusesScenariosOfOtherWindowsAndWeightsWithoutABlend() throws Exception {
        Path a = run(0, LOCAL[0]);
        Path other = dir.resolve("other");
        SavedRun.write(
                other,
                "tuning",
                43,
                Map.of("rounds", "20"),
                Map.of(
                        "fed", Map.of("fd001", windows(FED[1])),
                        "local", Map.of("fd001", new ScoredWindows("x", UNITS, CYCLES, shifted(1), LOCAL[1]))));
        List<SavedRun> runs = List.of(SavedRun.read(a), SavedRun.read(other));
        assertThatThrownBy(() -> Blend.of(runs, "fed", "local", Map.of("fd001", Blend.WEIGHTS)))
                .hasMessageContaining("cannot blend fd001: " + other + " local scored other windows or truths");
        assertThatThrownBy(() -> Blend.of(runs, "fed", "pooled", Map.of("fd001", Blend.WEIGHTS)))
                .hasMessageContaining("holds no pooled row for fd001");

        StringWriter err = new StringWriter();
        int exit = Pdm.commandLine()
                .setErr(new PrintWriter(err, true))
                .execute("fl", "ensemble", "--blend-weights", "fd001=1", a.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--blend-weights needs --blend");
    }

    private static String run(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThat(Pdm.commandLine().execute(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
