package io.pdm.launcher.fl;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.launcher.Pdm;
import io.pdm.launcher.predictions.SavedRun;
import io.pdm.model.data.cmapss.ScoredWindows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pdm fl choose} on small saved runs: each setting's ensemble, the rule's choice, a given choice, refusals. */
class ChooseCommandTest {

    private static final int[] UNITS = {1, 2};
    private static final int[] CYCLES = {100, 80};
    private static final float[] TRUTH = {40, 60};

    @TempDir
    Path dir;

    /** A run whose plant p predicts truth + errors[p] on both windows, so its RMSE on p is |errors[p]|. */
    private Path run(String name, String set, String lora, long seed, float... errors) throws Exception {
        Map<String, ScoredWindows> plants = new LinkedHashMap<>();
        for (int p = 0; p < errors.length; p++) {
            String plant = "fd00" + (p + 1);
            float[] predicted = {TRUTH[0] + errors[p], TRUTH[1] + errors[p]};
            plants.put(plant, new ScoredWindows(plant, UNITS, CYCLES, TRUTH, predicted));
        }
        Path run = dir.resolve(name);
        SavedRun.write(run, set, seed, Map.of("lora", lora), Map.of("fedavg+finetune", plants));
        return run;
    }

    private static String execute(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        try {
            int exit = Pdm.commandLine().execute(args);
            return exit + "\n" + printed.toString(StandardCharsets.UTF_8) + errors.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void eachPlantTakesTheEnsembleItsHeldOutEnginesScoreBestUnlessTheGainIsBelowTheMargin() throws Exception {
        // small: errors 4 and 2 on fd001 (mean prediction off by 3), 2 and 2 on fd002 (off by 2)
        Path s1 = run("small-1", "tuning", "8 [q]", 1, 4, 2);
        Path s2 = run("small-2", "tuning", "8 [q]", 2, 2, 2);
        // large: off by 1 on fd001 (2 below small: chosen), by 1.97 on fd002 (0.03 below: within the margin)
        Path l1 = run("large-1", "tuning", "16 [q, gate]", 1, 1, 1.97f);
        Path l2 = run("large-2", "tuning", "16 [q, gate]", 2, 1, 1.97f);

        String printed = execute("fl", "choose", "small=" + s1 + "," + s2, "large=" + l1 + "," + l2);

        assertThat(printed).startsWith("0\n");
        assertThat(printed)
                .contains("2 settings on the tuning set, scenario fedavg+finetune, each the mean of its runs"
                        + " (small K=2, large K=2)");
        assertThat(printed)
                .contains(String.format(Locale.ROOT, "small                  | %7.2f", 3.0))
                .contains(String.format(Locale.ROOT, "large                  | %7.2f", 1.0))
                .contains(String.format(
                        Locale.ROOT, "chosen per plant       | %7.2f / %7.0f | %7.2f", 1.0, score(1), 2.0))
                .contains("--choice fd001=large,fd002=small");
        assertThat(execute("fl", "choose", "--margin", "0.01", "small=" + s1 + "," + s2, "large=" + l1 + "," + l2))
                .contains("--choice fd001=large,fd002=large");
    }

    @Test
    void aGivenChoiceIsAppliedAndAnUnknownSettingOrMixedSetsAreRefused() throws Exception {
        Path s1 = run("small-1", "test", "8 [q]", 1, 4, 2);
        Path l1 = run("large-1", "test", "16 [q, gate]", 1, 1, 1.97f);
        Path tuning = run("tuning-1", "tuning", "16 [q, gate]", 1, 1, 1);

        assertThat(execute("fl", "choose", "--choice", "fd001=small,fd002=large", "small=" + s1, "large=" + l1))
                .startsWith("0\n")
                .contains(String.format(
                        Locale.ROOT, "chosen per plant       | %7.2f / %7.0f | %7.2f", 4.0, score(4), 1.97))
                .contains("given: --choice fd001=small,fd002=large");
        assertThat(execute("fl", "choose", "--choice", "fd001=other,fd002=large", "small=" + s1, "large=" + l1))
                .doesNotStartWith("0\n")
                .contains("--choice names unknown setting other for fd001");
        assertThat(execute("fl", "choose", "small=" + s1, "large=" + tuning))
                .doesNotStartWith("0\n")
                .contains("(test set) with")
                .contains("(tuning set)");
        assertThat(execute("fl", "choose", "small=" + s1 + "," + l1))
                .doesNotStartWith("0\n")
                .contains("differ in more than the seed");
    }

    /** PHM08 score of two windows both predicted {@code late} cycles late. */
    private static double score(double late) {
        return 2 * (Math.exp(late / 10) - 1);
    }
}
