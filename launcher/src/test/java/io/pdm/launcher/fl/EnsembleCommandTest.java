package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pdm.launcher.Pdm;
import io.pdm.launcher.predictions.SavedRun;
import io.pdm.model.data.cmapss.ScoredWindows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pdm fl ensemble} on small saved runs: its figures against a recomputation, and what it refuses. */
class EnsembleCommandTest {

    private static final int[] UNITS = {1, 1, 2};
    private static final int[] CYCLES = {100, 120, 80};
    private static final float[] TRUTH = {40, 20, 60};
    private static final Map<String, String> SETTINGS = Map.of("rounds", "20", "adaptation_rounds", "3");

    @TempDir
    Path dir;

    private Path save(String name, String set, long seed, Map<String, String> settings, float[] truth, float[] fd1)
            throws Exception {
        Path run = dir.resolve(name);
        SavedRun.write(
                run,
                set,
                seed,
                settings,
                Map.of("fedavg+finetune", Map.of("fd001", new ScoredWindows("fd001", UNITS, CYCLES, truth, fd1))));
        return run;
    }

    @Test
    void theEnsembleOfTheFirstKRunsEqualsTheRmseOfTheirMeanPredictionComputedByHand() throws Exception {
        float[] a = {50, 10, 61.5f};
        float[] b = {38, 27, 45};
        float[] c = {41, 22.25f, 70};
        Path runA = save("a", "tuning", 42, SETTINGS, TRUTH, a);
        Path runB = save("b", "tuning", 43, SETTINGS, TRUTH, b);
        Path runC = save("c", "tuning", 44, SETTINGS, TRUTH, c);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Pdm.commandLine().execute("fl", "ensemble", runA.toString(), runB.toString(), runC.toString());
        } finally {
            System.setOut(old);
        }
        assertThat(exit).isZero();

        List<EnsembleCommand.Curve> curves =
                EnsembleCommand.curves(List.of(SavedRun.read(runA), SavedRun.read(runB), SavedRun.read(runC)));
        assertThat(curves).singleElement().satisfies(curve -> {
            assertThat(curve.seeds()).containsExactly(42L, 43L, 44L);
            assertThat(curve.ensembles().get(0).get("fd001").rmse()).isCloseTo(rmse(a), within(1e-6));
            assertThat(curve.members().get(1).get("fd001").rmse()).isCloseTo(rmse(b), within(1e-6));
            float[] mean2 = {(50 + 38) / 2f, (10 + 27) / 2f, (61.5f + 45) / 2};
            assertThat(curve.ensembles().get(1).get("fd001").rmse()).isCloseTo(rmse(mean2), within(1e-5));
            float[] mean3 = {(50 + 38 + 41) / 3f, (10 + 27 + 22.25f) / 3f, (61.5f + 45 + 70) / 3f};
            assertThat(curve.ensembles().get(2).get("fd001").rmse()).isCloseTo(rmse(mean3), within(1e-5));
        });
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("3 runs on the tuning set, seeds [42, 43, 44]");
        assertThat(text)
                .contains(String.format(java.util.Locale.ROOT, "ensemble K=3           | %7.2f", rmse(new float[] {
                    (50 + 38 + 41) / 3f, (10 + 27 + 22.25f) / 3f, (61.5f + 45 + 70) / 3f
                })));
        assertThat(Files.readString(runA.resolve("fedavg+finetune/fd001.csv")))
                .startsWith("unit,cycle,true_rul,prediction");
    }

    @Test
    void runsWhoseTruthDiffersAreRefused() throws Exception {
        Path runA = save("a", "tuning", 42, SETTINGS, TRUTH, new float[] {1, 2, 3});
        Path runB = save("b", "tuning", 43, SETTINGS, new float[] {40, 21, 60}, new float[] {1, 2, 3});

        assertThatThrownBy(() -> EnsembleCommand.curves(List.of(SavedRun.read(runA), SavedRun.read(runB))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fedavg+finetune fd001")
                .hasMessageContaining("different windows or truths");
    }

    @Test
    void aTestSetRunMixedWithATuningRunIsRefused() throws Exception {
        Path tuning = save("a", "tuning", 42, SETTINGS, TRUTH, new float[] {1, 2, 3});
        Path test = save("b", "test", 43, SETTINGS, TRUTH, new float[] {1, 2, 3});

        assertThatThrownBy(() -> EnsembleCommand.curves(List.of(SavedRun.read(tuning), SavedRun.read(test))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(tuning set) with")
                .hasMessageContaining("(test set)");
    }

    @Test
    void runsWithOtherSettingsThanTheSeedOrTheSameSeedTwiceAreRefused() throws Exception {
        Path runA = save("a", "tuning", 42, SETTINGS, TRUTH, new float[] {1, 2, 3});
        Path runB =
                save("b", "tuning", 43, Map.of("rounds", "20", "adaptation_rounds", "6"), TRUTH, new float[] {1, 2, 3});
        Path again = save("c", "tuning", 42, SETTINGS, TRUTH, new float[] {1, 2, 3});

        assertThatThrownBy(() -> EnsembleCommand.curves(List.of(SavedRun.read(runA), SavedRun.read(runB))))
                .hasMessageContaining("adaptation_rounds is 3 in");
        assertThatThrownBy(() -> EnsembleCommand.curves(List.of(SavedRun.read(runA), SavedRun.read(again))))
                .hasMessageContaining("seed 42 is given twice");
    }

    @Test
    void runsOnDifferentBasesAreCombinedOnlyWhenAskedAndOnlyIfTheBaseIsAllThatDiffers() throws Exception {
        Map<String, String> baseA = Map.of("rounds", "20", "base_sha256", "aaaa");
        Map<String, String> baseB = Map.of("rounds", "20", "base_sha256", "bbbb");
        float[] a = {50, 10, 61.5f};
        float[] b = {38, 27, 45};
        Path runA = save("a", "tuning", 42, baseA, TRUTH, a);
        Path runB = save("b", "tuning", 43, baseB, TRUTH, b);
        Path otherRounds = save("c", "tuning", 44, Map.of("rounds", "30", "base_sha256", "cccc"), TRUTH, b);
        List<SavedRun> runs = List.of(SavedRun.read(runA), SavedRun.read(runB));

        assertThatThrownBy(() -> EnsembleCommand.curves(runs)).hasMessageContaining("base_sha256 is aaaa in");
        float[] mean2 = {(50 + 38) / 2f, (10 + 27) / 2f, (61.5f + 45) / 2};
        assertThat(EnsembleCommand.curves(runs, true))
                .singleElement()
                .satisfies(curve ->
                        assertThat(curve.ensembles().get(1).get("fd001").rmse()).isCloseTo(rmse(mean2), within(1e-5)));
        assertThatThrownBy(() -> EnsembleCommand.curves(List.of(SavedRun.read(runA), SavedRun.read(otherRounds)), true))
                .hasMessageContaining("rounds is 20 in");
    }

    private static double rmse(float[] predicted) {
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            sum += (predicted[i] - TRUTH[i]) * (predicted[i] - TRUTH[i]);
        }
        return Math.sqrt(sum / predicted.length);
    }
}
