package io.pdm.model.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.model.data.SharedData;
import io.pdm.model.data.cmapss.CmapssEngine;
import io.pdm.model.data.cmapss.CmapssSubset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tuning results published in docs/results/tuning parse, used the engines they say (checked against the training
 * files), chose what the rule says, and every row's mean RMSE is the figure docs/results/model.md prints.
 */
class PublishedTuningResultsTest {
    private static final Path DIR = Path.of("..", "docs", "results", "tuning");

    @Test
    void publishedTuningResultsAreConsistentWithTheDataAndThePage() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(DIR)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        String page = Files.readString(DIR.resolve("../model.md"));
        for (Path file : files) {
            TuningResult result = TuningResult.read(file);
            assertThat(result.testFiles()).isEqualTo(TuningResult.TEST_FILES_REFUSED);
            for (TuningResult.SubsetData data : result.data()) {
                CmapssSubset training = CmapssSubset.loadTraining(SharedData.cmapssDir(), data.subset());
                Set<Integer> units = new HashSet<>(data.fitEngines());
                assertThat(data.heldOutEngines()).doesNotContainAnyElementsOf(data.fitEngines());
                units.addAll(data.heldOutEngines());
                if (data.share().equals("ALL")) {
                    assertThat(units)
                            .isEqualTo(new HashSet<>(training.train().stream()
                                    .map(CmapssEngine::unit)
                                    .toList()));
                }
                int cuts = training.train().stream()
                        .filter(e -> data.heldOutEngines().contains(e.unit()))
                        .mapToInt(e -> e.cycles() - Math.max(1, e.cycles() - data.heldOutHorizon()) + 1)
                        .sum();
                assertThat(data.heldOutWindows())
                        .as("%s %s", file, data.subset())
                        .isEqualTo(cuts);
            }
            for (TuningResult.Row row : result.rows()) {
                assertThat(row.rmse()).hasSameSizeAs(result.settings().subsets());
                assertThat(page)
                        .as("%s: %s in docs/results/model.md", file.getFileName(), row.label())
                        .contains(String.format(Locale.ROOT, "%.2f", row.meanRmse()));
            }
            // The choice follows the rule: the first (current default) unless another is better on every subset.
            for (String kind : List.of("model", "ensemble", "lora")) {
                List<TuningResult.Row> ofKind = result.rows().stream()
                        .filter(r -> r.kind().equals(kind))
                        .toList();
                TuningResult.Row chosen = kind.equals("model")
                        ? result.model()
                        : kind.equals("ensemble") ? result.ensemble() : result.lora();
                if (ofKind.isEmpty()) {
                    assertThat(chosen).isNull();
                    continue;
                }
                List<TuningResult.Row> winners = ofKind.stream()
                        .skip(1)
                        .filter(r -> IntStream.range(0, r.rmse().size())
                                .allMatch(i ->
                                        r.rmse().get(i) < ofKind.get(0).rmse().get(i)))
                        .toList();
                assertThat(chosen.label())
                        .isEqualTo(winners.stream()
                                .min(Comparator.comparingDouble(TuningResult.Row::meanRmse))
                                .orElse(ofKind.get(0))
                                .label());
            }
        }
    }
}
