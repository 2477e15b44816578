package io.pdm.bench.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.assets.lives.TuningMode;
import io.pdm.embedded.TestPostgres;
import io.pdm.federated.TinyBaseModel;
import io.pdm.model.data.cmapss.ScoredWindows;
import io.pdm.model.lora.PeftAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scoring a tuning run's served adapters again ({@code pdm fl score}) reproduces that run's predictions bit for bit:
 * same plants, tuning engines and normalisation. The bench's seed enters the evaluation (each plant's held-out
 * engines, hence its normalisation), so scoring with another seed gives other predictions; the test files stay refused.
 */
class AdapterScoringIT {
    private static final List<String> SUBSETS = List.of("FD001", "FD003");

    @TempDir
    Path work;

    @Test
    void scoringARunsServedAdaptersReproducesItsPredictionsExactly() throws Exception {
        Path base = TinyBaseModel.create(work.resolve("base"), SUBSETS);
        BenchOptions options = BenchOptions.defaults()
                .withSubsets(SUBSETS)
                .with(1, 2, 8, 7, Set.of(FederatedScenario.LOCAL, FederatedScenario.FINETUNED))
                .withAdaptationRounds(1)
                .withTuningFraction(0.2);
        Map<String, PeftAdapter> served = new HashMap<>();
        List<ScenarioResult> results = FederatedCmapssBench.run(
                options,
                base,
                TinyBaseModel.cmapssDir(),
                work.resolve("bench"),
                TestPostgres::newDatabase,
                new PrintStream(new ByteArrayOutputStream(), true),
                (scenario, plant, adapter) -> served.put(scenario + "/" + plant, adapter));
        assertThat(served).hasSize(4);

        for (ScenarioResult row : results) {
            Map<String, ScoredWindows> again = AdapterScoring.score(
                    options, base, TinyBaseModel.cmapssDir(), plant -> served.get(row.scenario() + "/" + plant));
            assertThat(again).containsOnlyKeys("fd001", "fd003");
            for (String plant : again.keySet()) {
                ScoredWindows saved = row.predictions().get(plant);
                assertThat(again.get(plant).units()).containsExactly(saved.units());
                assertThat(again.get(plant).truth()).containsExactly(saved.truth());
                assertThat(again.get(plant).predicted())
                        .as("%s %s", row.scenario(), plant)
                        .containsExactly(saved.predicted());
            }
        }

        ScenarioResult local = results.get(0);
        BenchOptions otherSeed = options.with(1, 2, 8, 8, options.scenarios());
        Map<String, ScoredWindows> shifted =
                AdapterScoring.score(otherSeed, base, TinyBaseModel.cmapssDir(), plant -> served.get("local/" + plant));
        ScoredWindows fd001 = local.predictions().get("fd001");
        assertThat(shifted.get("fd001").truth()).as("the same tuning windows").containsExactly(fd001.truth());
        assertThat(shifted.get("fd001").predicted()).as("another normalisation").isNotEqualTo(fd001.predicted());
        assertThat(TuningMode.active()).isFalse();
    }

    @Test
    void aTuningScoreRefusesTheTestFiles() {
        BenchOptions options = BenchOptions.defaults().withSubsets(SUBSETS).withTuningFraction(0.2);
        assertThatThrownBy(() -> AdapterScoring.score(options, work, TinyBaseModel.cmapssDir(), plant -> {
                    io.pdm.model.data.cmapss.CmapssSubset.load(TinyBaseModel.cmapssDir(), "FD001");
                    return null;
                }))
                .isInstanceOf(TuningMode.TestDataRefusedException.class);
        assertThat(TuningMode.active()).isFalse();
    }
}
