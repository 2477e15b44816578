package io.pdm.bench.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pdm.embedded.TestPostgres;
import io.pdm.federated.TinyBaseModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One round of two scenarios with real DJL training, real HTTPS with client certificates and real PostgreSQL. */
class FederatedCmapssBenchIT {

    private static final List<String> SUBSETS = List.of("FD001", "FD003");

    @TempDir
    Path work;

    @Test
    void runsLocalOnlyAndFedAvgAndPrintsFiniteFigures() throws Exception {
        Path base = TinyBaseModel.create(work.resolve("base"), SUBSETS);
        BenchOptions options = BenchOptions.defaults()
                .withSubsets(SUBSETS)
                .with(
                        1,
                        2,
                        8,
                        7,
                        Set.of(
                                FederatedScenario.LOCAL,
                                FederatedScenario.LOCAL_VALIDATED,
                                FederatedScenario.FEDAVG,
                                FederatedScenario.FINETUNED))
                .withAdaptationRounds(2);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<ScenarioResult> results = FederatedCmapssBench.run(
                options,
                base,
                TinyBaseModel.cmapssDir(),
                work.resolve("bench"),
                TestPostgres::newDatabase,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(results)
                .extracting(ScenarioResult::scenario)
                .containsExactly("local", "local+validated", "fedavg", "fedavg+finetune");
        for (ScenarioResult result : results) {
            assertThat(result.byPlant()).containsOnlyKeys("fd001", "fd003");
            assertThat(result.byPlant().values()).allSatisfy(evaluation -> {
                assertThat(evaluation.rmse()).isFinite().isPositive();
                assertThat(evaluation.score()).isFinite().isPositive();
            });
            assertThat(result.roundSeconds()).isFinite().isPositive();
        }
        ScenarioResult local = results.get(0);
        ScenarioResult fedAvg = results.get(2);
        assertThat(local.traffic()).isNull();
        // Local-only with validation keeps one of rounds 0..3 per plant (1 federated round + 2 adaptation rounds).
        assertThat(results.get(1).note()).containsPattern("fd001 [0-3], fd003 [0-3]");
        // Adaptation happens at the plant: fedavg+finetune uploads what FedAvg does.
        assertThat(results.get(3).traffic().upBytesPerPlantRound())
                .isCloseTo(
                        fedAvg.traffic().upBytesPerPlantRound(),
                        within(0.05 * fedAvg.traffic().upBytesPerPlantRound()));
        assertThat(fedAvg.byPlant().get("fd001").count()).isEqualTo(100);
        long adapterBytes = 4 * adapterParameters(printed.toString(StandardCharsets.UTF_8));
        assertThat(fedAvg.traffic().upBytesPerPlantRound()).isGreaterThan(adapterBytes);
        assertThat(fedAvg.aggregatorCpuSeconds()).isFinite().isPositive();
        assertThat(fedAvg.protocolSeconds()).isFinite().isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("scenario", "fd001 RMSE/PHM08", "fd003 RMSE/PHM08", "up B/plant/r", "% model")
                .containsPattern("(?m)^local +\\|")
                .containsPattern("(?m)^local\\+validated +\\|")
                .containsPattern("(?m)^fedavg +\\|");
    }

    @Test
    void newScenariosRunAndPersonalisedCompactUploadsAreSmaller() throws Exception {
        Path base = TinyBaseModel.create(work.resolve("base"), SUBSETS);
        BenchOptions options = BenchOptions.defaults()
                .withSubsets(SUBSETS)
                .withDpEpsilons(List.of(8.0))
                .with(
                        1,
                        2,
                        8,
                        7,
                        Set.of(
                                FederatedScenario.FEDAVG,
                                FederatedScenario.FEDPROX,
                                FederatedScenario.PERSONAL,
                                FederatedScenario.DITTO,
                                FederatedScenario.CLUSTERED,
                                FederatedScenario.COMPACT,
                                FederatedScenario.DP_SGD));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<ScenarioResult> results = FederatedCmapssBench.run(
                options,
                base,
                TinyBaseModel.cmapssDir(),
                work.resolve("bench"),
                TestPostgres::newDatabase,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(results)
                .extracting(ScenarioResult::scenario)
                .containsExactly(
                        "fedavg", "fedprox", "fedavg+personal", "ditto", "clustered", "compact", "dpsgd eps=8");
        assertThat(results)
                .allSatisfy(result -> assertThat(result.byPlant().values())
                        .allSatisfy(evaluation ->
                                assertThat(evaluation.rmse()).isFinite().isPositive()));
        double fedAvg = results.get(0).traffic().upBytesPerPlantRound();
        double personal = results.get(2).traffic().upBytesPerPlantRound();
        double compact = results.get(5).traffic().upBytesPerPlantRound();
        assertThat(personal).isLessThan(fedAvg);
        assertThat(compact).isLessThan(personal);
        assertThat(results.get(6).note()).contains("fd001 sigma", "fd003 sigma");
        // FD001 and FD003 are one machine family: the clustered run is one federation of both.
        assertThat(results.get(4).byPlant()).containsOnlyKeys("fd001", "fd003");
        assertThat(results.get(4).note()).contains("[[fd001, fd003]]");
        // Ditto uploads the FedAvg delta; its personal adapter stays at the plant.
        assertThat(results.get(3).traffic().upBytesPerPlantRound()).isCloseTo(fedAvg, within(0.05 * fedAvg));
    }

    /** Parses "adapter N bytes as F32" back into a parameter count. */
    private static long adapterParameters(String printed) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("adapter ([0-9,]+) bytes").matcher(printed);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1).replace(",", "")) / 4;
    }
}
