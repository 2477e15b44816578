package io.pdm.launcher.fl;

import io.pdm.bench.federated.AggregationServiceBench;
import io.pdm.bench.federated.BenchOptions;
import io.pdm.bench.federated.FederatedCmapssBench;
import io.pdm.bench.federated.FederatedScenario;
import io.pdm.bench.federated.ScenarioResult;
import io.pdm.embedded.LocalPostgres;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.launcher.predictions.SavedRun;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.data.cmapss.ScoredWindows;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.PeftAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code pdm fl bench}: the federated C-MAPSS scenarios, or with --scale one aggregation round per scenario at many
 * plants through the real service (aggregator in a child JVM with a bounded heap).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Federated LoRA on C-MAPSS (one plant per subset, real HTTPS/mTLS and PostgreSQL), or --scale: "
                + "one round at many plants through the real service (HTTPS/mTLS, PostgreSQL, aggregator in a "
                + "child JVM with a bounded heap).")
final class FlBenchCommand implements Callable<Integer> {
    @Option(names = "--cmapss", description = "C-MAPSS directory.")
    Path cmapss;

    @Option(names = "--base", description = "Base model directory (from pdm model pretrain).")
    Path base;

    @Option(names = "--rounds", defaultValue = "5")
    int rounds;

    @Option(names = "--local-steps", defaultValue = "30")
    int localSteps;

    @Option(names = "--batch", defaultValue = "64")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Local peak learning rate (default ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(
            names = "--dp-clip",
            defaultValue = "0.1",
            description =
                    "L2 bound each plant clips its delta to in the plant-level DP runs (default ${DEFAULT-VALUE}).")
    double dpClip;

    @Option(
            names = "--dp-sgd-clip",
            defaultValue = "10",
            description =
                    "L2 bound of each window's gradient in the DP-SGD runs (default ${DEFAULT-VALUE}; 1.0 clipped away most of the signal).")
    double dpSgdClip;

    @Option(
            names = "--dp-epsilons",
            split = ",",
            defaultValue = "1,4,8",
            description = "Target epsilons of the DP and DP-SGD runs (default ${DEFAULT-VALUE}).")
    List<Double> dpEpsilons;

    @Option(
            names = "--lora-rank",
            defaultValue = "8",
            description = "LoRA rank of the federated adapter (default ${DEFAULT-VALUE}).")
    int loraRank;

    @Option(
            names = "--lora-targets",
            split = ",",
            defaultValue = "q_proj,k_proj,v_proj,o_proj",
            description = "Projections with LoRA factors (default ${DEFAULT-VALUE}).")
    List<String> loraTargets;

    @Option(
            names = "--wire",
            defaultValue = "F32",
            description =
                    "Element type of delta uploads: F32, F16, BF16 or I8 (8-bit, per-tensor scale, stochastic rounding) (default ${DEFAULT-VALUE}).")
    SafetensorsDtype wire;

    @Option(
            names = "--swa-rounds",
            defaultValue = "1",
            description =
                    "Plants serve (and adapt) the mean of the last K global versions, stochastic weight averaging over rounds (default ${DEFAULT-VALUE}: the newest alone).")
    int swaRounds;

    @Option(
            names = "--prox-mu",
            defaultValue = "0.01",
            description = "FedProx mu in the fedprox scenario (default ${DEFAULT-VALUE}).")
    float proxMu;

    @Option(
            names = "--ditto-lambda",
            defaultValue = "0.1",
            description =
                    "Ditto's lambda (pull of the personal adapter towards the global one) in the ditto scenario (default ${DEFAULT-VALUE}).")
    float dittoLambda;

    @Option(
            names = "--adaptation-rounds",
            defaultValue = "5",
            description =
                    "Most rounds of local work a plant tries on the final global adapter in the +finetune scenarios (and beyond the rounds in local+validated); it keeps the round its held-out engines score best (default ${DEFAULT-VALUE}).")
    int adaptationRounds;

    @Option(
            names = "--plant-engines",
            defaultValue = "0",
            description =
                    "Private engines each plant keeps (default ${DEFAULT-VALUE}: all outside the OEM share); a few show what federation adds to a plant with a short history.")
    int plantEngines;

    @Option(
            names = "--full-epochs",
            defaultValue = "0",
            description =
                    "Epochs of the pooled-full and pooled-finetune baselines (default ${DEFAULT-VALUE}: their recipes', 25 as pdm model train and 15 as pdm model finetune).")
    int fullEpochs;

    @Option(
            names = "--full-ensemble",
            defaultValue = "0",
            description = "Models averaged in pooled-full (default ${DEFAULT-VALUE}: 5, as pdm model train).")
    int fullEnsemble;

    @Option(
            names = "--tune",
            defaultValue = "0",
            paramLabel = "FRACTION",
            description =
                    "Choose settings without the test set: score every row on this share of each plant's private training engines (e.g. 0.2), which no plant trains on, and refuse the test files for the whole run (default ${DEFAULT-VALUE}: test sets).")
    double tuneFraction;

    @Option(
            names = "--compact-rank",
            defaultValue = "1",
            description = "LoRA rank in the compact and compact+finetune scenarios (default ${DEFAULT-VALUE}).")
    int compactRank;

    @Option(
            names = "--compact-targets",
            split = ",",
            defaultValue = "q_proj,v_proj",
            description = "LoRA targets in the compact and compact+finetune scenarios (default ${DEFAULT-VALUE}).")
    List<String> compactTargets;

    @Option(
            names = "--scenarios",
            split = ",",
            paramLabel = "NAME",
            completionCandidates = ScenarioNames.class,
            converter = ScenarioName.class,
            description = "Subset of ${COMPLETION-CANDIDATES} (default: all).")
    List<FederatedScenario> scenarios;

    @Option(
            names = "--work",
            description = "Directory for the PKI and the plants' adapter stores (default: a temp dir).")
    Path work;

    @Option(
            names = "--save-predictions",
            paramLabel = "DIR",
            description = "Write every row's and plant's scored windows (unit, cycle, true RUL, prediction) with the"
                    + " run's seed, evaluation set and settings here, for pdm fl ensemble (default: not saved).")
    Path savePredictions;

    @Option(
            names = "--save-adapters",
            paramLabel = "DIR",
            description = "Save the adapter each plant serves after every single-row scenario as DIR/SCENARIO/PLANT"
                    + " (PEFT layout, with the hash of --base, which fl announce, merge and score check), for pdm fl"
                    + " announce or merging members (default: not saved).")
    Path saveAdapters;

    @Option(
            names = "--scale",
            description = "One round per scenario at many plants through the real service, instead of C-MAPSS.")
    boolean scale;

    @Option(
            names = "--plants",
            defaultValue = "1000",
            description = "With --scale: plants in the PLAIN rounds; 0 for none (default ${DEFAULT-VALUE}).")
    int plants;

    @Option(
            names = "--params",
            defaultValue = "1000000",
            description = "With --scale: parameters per delta in the PLAIN rounds (default ${DEFAULT-VALUE}).")
    int params;

    @Option(
            names = "--scale-rules",
            split = ",",
            defaultValue = "fedavg,trimmed-mean",
            description = "With --scale: the rules of the PLAIN rounds (default ${DEFAULT-VALUE}).")
    List<String> scaleRules;

    @Option(
            names = "--secagg-plants",
            split = ",",
            defaultValue = "100,1000",
            description = "With --scale: plants of each secure round; 0 for none (default ${DEFAULT-VALUE}).")
    List<Integer> secAggPlants;

    @Option(
            names = "--secagg-params",
            defaultValue = "10000",
            description = "With --scale: parameters per masked input (default ${DEFAULT-VALUE}).")
    int secAggParams;

    @Option(
            names = "--secagg-neighbours",
            split = ",",
            defaultValue = "0",
            description = "With --scale: each secure round's neighbourhood (SecAgg+): 0 chooses k and the threshold"
                    + " from the bound for the plant count, -1 the complete graph (every plant with every other), an"
                    + " even k that k; several give one round each (default ${DEFAULT-VALUE}).")
    List<Integer> secAggNeighbours;

    @Option(
            names = "--aggregator-heap",
            defaultValue = "1g",
            description = "With --scale: -Xmx of the aggregator's JVM (default ${DEFAULT-VALUE}).")
    String aggregatorHeap;

    @Override
    public Integer call() throws Exception {
        if (scale) {
            List<AggregationServiceBench.Scenario> scenarios = new ArrayList<>();
            for (String rule : plants > 0 ? scaleRules : List.<String>of()) {
                scenarios.add(new AggregationServiceBench.Scenario(plants, params, rule, AggregationMode.PLAIN));
            }
            for (int count : secAggPlants) {
                for (int neighbours : count > 0 ? secAggNeighbours : List.<Integer>of()) {
                    scenarios.add(new AggregationServiceBench.Scenario(
                            count, secAggParams, "fedavg", AggregationMode.SECURE, neighbours));
                }
            }
            Path dir = work != null ? work : Files.createTempDirectory("pdm-fl-scale-");
            AtomicInteger databases = new AtomicInteger();
            try (LocalPostgres pg = LocalPostgres.builder().build().start()) {
                AggregationServiceBench.run(
                        scenarios,
                        seed,
                        prefix -> pg.createDatabase(prefix + "_" + databases.incrementAndGet()),
                        dir,
                        aggregatorHeap,
                        System.out);
            }
            return 0;
        }
        if (cmapss == null || base == null) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this), "--cmapss and --base are required without --scale");
        }
        BenchOptions options = BenchOptions.defaults()
                .with(
                        rounds,
                        localSteps,
                        batch,
                        seed,
                        scenarios == null ? EnumSet.allOf(FederatedScenario.class) : EnumSet.copyOf(scenarios))
                .withLearningRate(learningRate)
                .withDpClipNorms(dpClip, dpSgdClip)
                .withDpEpsilons(dpEpsilons)
                .withAdapter(loraRank, loraTargets, wire, proxMu, dittoLambda)
                .withCompact(compactRank, compactTargets)
                .withAdaptationRounds(adaptationRounds)
                .withPlantEngines(plantEngines)
                .withFullTraining(fullEpochs, fullEnsemble)
                .withTuningFraction(tuneFraction)
                .withAveragedVersions(swaRounds);
        Path dir = work != null ? work : Files.createTempDirectory("pdm-fl-bench-");
        AtomicInteger databases = new AtomicInteger();
        String baseHash = ModelCheckpoint.baseHash(base);
        long start = System.nanoTime();
        List<ScenarioResult> results;
        try (LocalPostgres pg = LocalPostgres.builder().build().start()) {
            results = FederatedCmapssBench.run(
                    options,
                    base,
                    cmapss,
                    dir,
                    prefix -> pg.createDatabase(prefix + "_" + databases.incrementAndGet()),
                    System.out,
                    (scenario, plant, adapter) -> {
                        if (saveAdapters != null) {
                            saveServed(saveAdapters, scenario, plant, adapter, baseHash);
                        }
                    });
        }
        System.out.printf(Locale.ROOT, "bench wall time %.0f s%n", (System.nanoTime() - start) / 1e9);
        if (savePredictions != null) {
            Map<String, Map<String, ScoredWindows>> byScenario = new LinkedHashMap<>();
            for (ScenarioResult result : results) {
                if (result.predictions().isEmpty()) {
                    System.out.println("predictions not saved for " + result.scenario() + " (the row keeps none)");
                } else {
                    byScenario.put(result.scenario(), result.predictions());
                }
            }
            SavedRun.write(savePredictions, tuneFraction > 0 ? "tuning" : "test", seed, settings(), byScenario);
            System.out.println("predictions saved in " + savePredictions);
        }
        return 0;
    }

    /** Every setting that shapes the rows, except the seed: runs that differ only in it can be averaged. */
    Map<String, String> settings() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("base_sha256", ModelCheckpoint.baseHash(base));
        settings.put("tune", Double.toString(tuneFraction));
        settings.put("rounds", Integer.toString(rounds));
        settings.put("local_steps", Integer.toString(localSteps));
        settings.put("batch", Integer.toString(batch));
        settings.put("lr", Float.toString(learningRate));
        settings.put("lora", loraRank + " " + loraTargets);
        settings.put("wire", wire.name());
        settings.put("swa_rounds", Integer.toString(swaRounds));
        settings.put("prox_mu", Float.toString(proxMu));
        settings.put("ditto_lambda", Float.toString(dittoLambda));
        settings.put("adaptation_rounds", Integer.toString(adaptationRounds));
        settings.put("plant_engines", Integer.toString(plantEngines));
        settings.put("full", fullEpochs + " epochs, ensemble " + fullEnsemble);
        settings.put("compact", compactRank + " " + compactTargets);
        settings.put("dp", "clip " + dpClip + ", sgd clip " + dpSgdClip + ", epsilons " + dpEpsilons);
        return settings;
    }

    /** The registry's names, for the help text and shell completion. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return FederatedScenario.names().iterator();
        }
    }

    /** A scenario by its registry name; picocli reports an unknown one as a usage error naming the known ones. */
    static final class ScenarioName implements ITypeConverter<FederatedScenario> {
        @Override
        public FederatedScenario convert(String value) {
            try {
                return FederatedScenario.byName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * Saves a plant's served adapter as DIR/SCENARIO/PLANT with the hash of the base it was trained on, so fl
     * announce, merge and score refuse it on any other base; without it an adapter of another base with the same
     * shapes (another pretraining seed) would load and serve wrong estimates.
     */
    static void saveServed(Path dir, String scenario, String plant, PeftAdapter adapter, String baseHash)
            throws IOException {
        Path out = dir.resolve(scenario).resolve(plant);
        adapter.save(out);
        RemainingLifeModel.writeOrigin(out, baseHash);
    }
}
