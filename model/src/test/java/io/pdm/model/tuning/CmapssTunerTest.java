package io.pdm.model.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pdm.assets.lives.TuningMode;
import io.pdm.model.data.SharedData;
import io.pdm.model.data.cmapss.CmapssEngine;
import io.pdm.model.data.cmapss.CmapssSubset;
import io.pdm.model.train.TrainingMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmapssTunerTest {
    @TempDir
    Path dir;

    private static TuningSettings tiny(Path cmapss, List<Integer> windows, List<Integer> ensembles) {
        return new TuningSettings(
                cmapss,
                List.of("FD001"),
                42,
                0.2,
                16,
                1,
                0.1,
                1e-3f,
                256,
                true,
                0.2,
                new TuningGrid(
                        windows, List.of(5), List.of(1), List.of(0f), ensembles, List.of(), List.of(), 16, 1, true));
    }

    @Test
    void theTunerGivenATestFileFailsWithThePreciseReasonAndTrainsNothing() throws Exception {
        Path test = SharedData.cmapssDir().resolve("test_FD001.txt").toRealPath();
        Files.createSymbolicLink(dir.resolve("train_FD001.txt"), test);
        List<String> log = new ArrayList<>();

        assertThatThrownBy(() ->
                        CmapssTuner.run(tiny(dir, List.of(10), List.of(1)), label -> TrainingMonitor.SILENT, log::add))
                .isInstanceOf(TuningMode.TestDataRefusedException.class)
                .hasMessageContaining("it is the test file " + test);
        assertThat(log).isEmpty();
        assertThat(TuningMode.active()).isFalse();
    }

    @Test
    void heldOutEnginesNeverTrainAndTheRowsAgreeWithWhatWasLogged() throws Exception {
        List<String> log = new ArrayList<>();
        TuningResult result = CmapssTuner.run(
                tiny(SharedData.cmapssDir(), List.of(10, 20), List.of(1, 2)),
                label -> TrainingMonitor.SILENT,
                log::add);

        // Data: 80 engines fit, 20 held out, disjoint, together the whole training file.
        CmapssSubset training = CmapssSubset.loadTraining(SharedData.cmapssDir(), "FD001");
        TuningResult.SubsetData data = result.data().get(0);
        assertThat(data.fitEngines()).hasSize(80);
        assertThat(data.heldOutEngines()).hasSize(20).doesNotContainAnyElementsOf(data.fitEngines());
        Set<Integer> all = new HashSet<>(data.fitEngines());
        all.addAll(data.heldOutEngines());
        assertThat(all)
                .isEqualTo(new HashSet<>(
                        training.train().stream().map(CmapssEngine::unit).toList()));
        // Each held-out engine is cut at every cycle with at most 150 cycles left.
        int cuts = training.train().stream()
                .filter(e -> data.heldOutEngines().contains(e.unit()))
                .mapToInt(e -> e.cycles() - Math.max(1, e.cycles() - 150) + 1)
                .sum();
        assertThat(data.heldOutWindows()).isEqualTo(cuts);

        // Rows: centre (window 10, seed 42), its ensemble of 2 (seeds 42, 43), then window 20; an ensemble of one is
        // the model row itself.
        assertThat(result.rows()).extracting(TuningResult.Row::kind).containsExactly("model", "ensemble", "model");
        TuningResult.Row centre = result.rows().get(0);
        TuningResult.Row pair = result.rows().get(1);
        assertThat(pair.parameters()).containsEntry("ensemble", 2);
        assertThat(pair.bestEpochs()).hasSize(2);
        assertThat(result.rows().get(2).parameters()).containsEntry("window", 20);
        // Each row's RMSE is the one logged when its model finished (to the printed two decimals).
        assertThat(logged(log, "FD001 seed 42, window 10"))
                .isCloseTo(centre.rmse().get(0), within(0.005));
        TuningResult.Row other = result.rows().get(2);
        assertThat(logged(log, "FD001 seed 42, window 20"))
                .isCloseTo(other.rmse().get(0), within(0.005));
        assertThat(log).hasSize(3);
        // The choice: the centre (current default) unless the other window is better on every subset (one here).
        assertThat(result.model()).isEqualTo(other.rmse().get(0) < centre.rmse().get(0) ? other : centre);
        assertThat(result.ensemble()).isEqualTo(pair);
        assertThat(result.lora()).isNull();
        assertThat(result.testFiles()).isEqualTo(TuningResult.TEST_FILES_REFUSED);

        // The JSON keeps all of it.
        Path json = dir.resolve("tuning.json");
        result.write(json);
        TuningResult read = TuningResult.read(json);
        assertThat(read.rows())
                .extracting(TuningResult.Row::rmse)
                .isEqualTo(result.rows().stream().map(TuningResult.Row::rmse).toList());
        assertThat(read.data()).isEqualTo(result.data());
        assertThat(read.settings()).isEqualTo(result.settings());
        assertThat(result.table()).contains("window 10, patch 5, 1 epochs, noise 0.0, 2 members");
    }

    @Test
    void resultsOfOneSubsetEachCombineAndTheDefaultMovesOnlyIfBeatenOnEverySubset() {
        TuningSettings settings = tiny(Path.of("c"), List.of(10, 20), List.of(1));
        TuningResult fd001 = part(settings, "FD001", 12.0, 11.0);
        TuningResult fd003 = part(settings, "FD003", 13.0, 14.0);

        TuningResult both = TuningResult.combine(List.of(fd001, fd003));

        assertThat(both.settings().subsets()).containsExactly("FD001", "FD003");
        assertThat(both.rows().get(0).rmse()).containsExactly(12.0, 13.0);
        // FD001 alone moves to window 20 (11 < 12); together window 20 is worse on FD003, so the default stays.
        assertThat(fd001.model().label()).isEqualTo("window 20");
        assertThat(both.model().label()).isEqualTo("window 10");
        TuningResult better = TuningResult.combine(List.of(fd001, part(settings, "FD003", 13.0, 12.9)));
        assertThat(better.model().label()).isEqualTo("window 20");
        assertThatThrownBy(() -> TuningResult.combine(List.of(fd001, fd001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FD001 is in more than one result for model window 10");
        // One process per setting: the rows of both parts side by side.
        TuningResult only20 = new TuningResult(
                settings.withSubsets(List.of("FD003")),
                List.of(),
                List.of(fd003.rows().get(1)),
                null,
                null,
                null,
                1,
                fd003.testFiles());
        TuningResult only10 = new TuningResult(
                settings.withSubsets(List.of("FD003")),
                List.of(),
                List.of(fd003.rows().get(0)),
                null,
                null,
                null,
                1,
                fd003.testFiles());
        assertThat(TuningResult.combine(List.of(fd001, only20, only10)).rows())
                .extracting(TuningResult.Row::rmse)
                .containsExactly(List.of(12.0, 13.0), List.of(11.0, 14.0));
        assertThatThrownBy(() -> TuningResult.combine(List.of(only20, part(settings, "FD001", 1, 2))))
                .hasMessage("no result for model window 10 on FD003")
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static TuningResult part(TuningSettings settings, String subset, double w10, double w20) {
        List<TuningResult.Row> rows = List.of(
                new TuningResult.Row("model", "window 10", Map.of(), List.of(w10), List.of(1.0), List.of(1), 1),
                new TuningResult.Row("model", "window 20", Map.of(), List.of(w20), List.of(1.0), List.of(1), 1));
        return new TuningResult(
                settings.withSubsets(List.of(subset)),
                List.of(),
                rows,
                TuningResult.best(rows, "model"),
                null,
                null,
                1,
                TuningResult.TEST_FILES_REFUSED);
    }

    private static double logged(List<String> log, String prefix) {
        Pattern p = Pattern.compile(Pattern.quote(prefix) + ".*held-out RMSE ([0-9.]+)");
        for (String line : log) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        throw new AssertionError("no line for " + prefix + " in " + log);
    }
}
