package io.pdm.bench.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.pdm.embedded.TestPostgres;
import io.pdm.federated.TinyBaseModel;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.cmapss.PretrainingRecord;
import io.pdm.model.cmapss.RulPredictor;
import io.pdm.model.data.cmapss.CmapssSubset;
import io.pdm.model.data.cmapss.ProtocolOptions;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.data.cmapss.Windows;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.life.CmapssProtocols;
import io.pdm.model.nn.PdmTransformer;
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
    void runsLocalOnlyAndFedAvgOnEveryTestEngineAndPrintsTheTable() throws Exception {
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
            // Every plant is scored on all of its subset's NASA test engines (FD001 and FD003 have 100 each).
            assertThat(result.byPlant().values()).allSatisfy(evaluation -> {
                assertThat(evaluation.count()).isEqualTo(100);
                assertThat(evaluation.rmse()).isFinite().isPositive();
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
                        .allSatisfy(evaluation -> assertThat(evaluation.count()).isEqualTo(100)));
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

    /**
     * {@code compact+finetune} runs through the real protocol with the bench's {@code --wire} (I8) and adaptation
     * limit, uploads less than FedAvg, and every plant is evaluated on its whole test set (that the upload holds the
     * LoRA factors alone is {@link PersonalFederationsTest}'s).
     */
    @Test
    void compactWithFinetuneUploadsEightBitFactorsAndServesEveryPlant() throws Exception {
        Path base = TinyBaseModel.create(work.resolve("base"), SUBSETS);
        BenchOptions defaults = BenchOptions.defaults();
        BenchOptions options = defaults.withSubsets(SUBSETS)
                .with(1, 2, 8, 7, Set.of(FederatedScenario.FEDAVG, FederatedScenario.COMPACT_FINETUNE))
                .withAdapter(
                        defaults.loraRank(),
                        defaults.loraTargets(),
                        SafetensorsDtype.I8,
                        defaults.proximalMu(),
                        defaults.dittoLambda())
                .withAdaptationRounds(2);

        List<ScenarioResult> results = FederatedCmapssBench.run(
                options,
                base,
                TinyBaseModel.cmapssDir(),
                work.resolve("bench"),
                TestPostgres::newDatabase,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(results).extracting(ScenarioResult::scenario).containsExactly("fedavg", "compact+finetune");
        ScenarioResult compact = results.get(1);
        assertThat(compact.byPlant()).containsOnlyKeys("fd001", "fd003");
        assertThat(compact.byPlant().values())
                .allSatisfy(evaluation -> assertThat(evaluation.count()).isEqualTo(100));
        assertThat(compact.note()).contains("I8 uploads", "(at most 2)");
        assertThat(compact.traffic().upBytesPerPlantRound())
                .isLessThan(results.get(0).traffic().upBytesPerPlantRound());
    }

    /**
     * The bench's {@code base} row equals an evaluation of the same base, loaded from disk without any adapter, on the
     * same NASA test engines with the plant's normalisation (refitted on the plant's own engines, as a plant does) and
     * the base's own window: the row cannot drift from what {@code pdm model eval} measures, e.g. by windows of a
     * default length instead of the base's.
     */
    @Test
    void theBaseRowEqualsAnIndependentEvaluationOfTheBaseOnTheSameTestEngines() throws Exception {
        Path base = TinyBaseModel.create(work.resolve("base"), SUBSETS);
        BenchOptions options =
                BenchOptions.defaults().withSubsets(SUBSETS).with(1, 2, 8, 7, Set.of(FederatedScenario.BASE));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<ScenarioResult> results = FederatedCmapssBench.run(
                options,
                base,
                TinyBaseModel.cmapssDir(),
                work.resolve("bench"),
                TestPostgres::newDatabase,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(results).extracting(ScenarioResult::scenario).containsExactly("base");
        ProtocolOptions protocol = CmapssProtocols.forBase(base);
        double oem = PretrainingRecord.read(base).oemFraction();
        for (int i = 0; i < SUBSETS.size(); i++) {
            String subset = SUBSETS.get(i);
            CmapssData plant = CmapssData.prepare(
                    TinyBaseModel.cmapssDir(),
                    subset,
                    protocol,
                    new CmapssData.Selection(
                            CmapssData.EngineShare.PLANT,
                            oem,
                            0.1,
                            options.seed() + i,
                            CmapssData.ValidationCuts.LATE_LIFE),
                    options.plantEngines());
            CmapssSubset nasa = CmapssSubset.load(TinyBaseModel.cmapssDir(), subset);
            WindowSet test = Windows.lastPerEngine(
                    nasa.test(), nasa.testRul(), plant.preprocessor(), protocol.window(), protocol.rulCap());
            RulEvaluation expected;
            try (NDManager manager = NDManager.newBaseManager();
                    PdmTransformer model = ModelCheckpoint.load(base, manager)) {
                expected = RulPredictor.evaluate(model, subset, test);
            }
            RulEvaluation row = results.get(0).byPlant().get(subset.toLowerCase(java.util.Locale.ROOT));
            assertThat(row.count()).isEqualTo(nasa.test().size()).isEqualTo(expected.count());
            assertThat(row.rmse()).isCloseTo(expected.rmse(), within(1e-3));
            assertThat(row.score()).isCloseTo(expected.score(), within(1e-2 * Math.max(1, expected.score())));
        }
    }

    /**
     * A tuning run scores every row, the central full-training baselines included, on the plants' tuning engines
     * (late-life cuts of private training engines, not the 100 NASA test engines), with the test files refused for
     * the whole run and readable again afterwards.
     */
    @Test
    void aTuningRunScoresEveryRowOnThePlantsTuningEnginesWithTheTestFilesRefused() throws Exception {
        Path base = TinyBaseModel.create(work.resolve("base"), SUBSETS);
        BenchOptions options = BenchOptions.defaults()
                .withSubsets(SUBSETS)
                .with(
                        1,
                        2,
                        8,
                        7,
                        Set.of(FederatedScenario.BASE, FederatedScenario.LOCAL, FederatedScenario.POOLED_FULL))
                .withFullTraining(1, 1)
                .withTuningFraction(0.2);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<ScenarioResult> results = FederatedCmapssBench.run(
                options,
                base,
                TinyBaseModel.cmapssDir(),
                work.resolve("bench"),
                TestPostgres::newDatabase,
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("TUNING RUN");
        assertThat(results).extracting(ScenarioResult::scenario).containsExactly("base", "local", "pooled-full");
        assertThat(results.get(2).note()).contains("full training from scratch, 1 epochs, ensemble of 1");
        for (String plant : List.of("fd001", "fd003")) {
            int tuningWindows = results.get(0).byPlant().get(plant).count();
            // 16 of the 80 private engines, every late-life cut: far more windows than the 100 test engines give.
            assertThat(tuningWindows).isGreaterThan(16 * 100);
            assertThat(results)
                    .allSatisfy(r -> assertThat(r.byPlant().get(plant).count()).isEqualTo(tuningWindows));
        }
        assertThat(io.pdm.assets.lives.TuningMode.active()).isFalse();
        assertThat(CmapssSubset.load(TinyBaseModel.cmapssDir(), "FD001").test()).hasSize(100);
    }

    /** Parses "adapter N bytes as F32" back into a parameter count. */
    private static long adapterParameters(String printed) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("adapter ([0-9,]+) bytes").matcher(printed);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1).replace(",", "")) / 4;
    }
}
