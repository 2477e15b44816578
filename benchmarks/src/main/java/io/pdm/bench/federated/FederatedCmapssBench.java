package io.pdm.bench.federated;

import io.pdm.assets.lives.TuningMode;
import io.pdm.federated.aggregator.round.ReferenceUpdate;
import io.pdm.federated.aggregator.round.RootDataReference;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.dp.GaussianDeltaMechanism;
import io.pdm.federated.pki.DevPki;
import io.pdm.federated.plant.ClientSidePrivacy;
import io.pdm.federated.plant.DittoTraining;
import io.pdm.federated.plant.ValidatedAdaptation;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.rules.AggregationRule;
import io.pdm.federated.rules.AggregationStrategy;
import io.pdm.federated.training.AdaptableTraining;
import io.pdm.federated.training.CmapssLoraTraining;
import io.pdm.federated.training.LocalTraining;
import io.pdm.federated.training.LocalWork;
import io.pdm.federated.training.PooledFullTraining;
import io.pdm.federated.training.history.CmapssHistory;
import io.pdm.federated.training.history.PlantHistory;
import io.pdm.federated.training.history.TuningHistory;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.data.cmapss.ScoredWindows;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Federated LoRA fine-tuning on C-MAPSS: one plant per subset, each training on its private engines and evaluated
 * on its own test set, all in one process but talking the real HTTPS/mTLS protocol to a real aggregator on
 * PostgreSQL. Every scenario starts from the same base model and seed adapter and runs the same rounds. The scenarios
 * are listed, named and wired in {@link FederatedScenario}; this class holds what they share (plants, PKI, seed
 * adapter, round policies) and the building blocks they combine.
 */
public final class FederatedCmapssBench {

    public static final double DP_DELTA = 1e-5;
    private final BenchOptions options;
    private final Path baseDir;
    private final DevPki pki;
    private final Path plantDisks;
    private final UnaryOperator<String> newDatabase;
    private final List<CmapssLoraTraining> plants = new ArrayList<>();
    private final List<String> plantNames = new ArrayList<>();
    private final LoraConfig loraConfig;
    private final PeftAdapter seedAdapter;
    private final Path cmapssDir;
    private CmapssLoraTraining root;

    /** @param newDatabase creates a fresh PostgreSQL database named after the prefix it gets and returns its JDBC URL */
    private FederatedCmapssBench(
            BenchOptions options, Path baseDir, Path cmapssDir, Path workDir, UnaryOperator<String> newDatabase) {
        this.options = options;
        this.baseDir = baseDir;
        this.newDatabase = newDatabase;
        this.plantDisks = workDir.resolve("plants");
        this.cmapssDir = cmapssDir;
        for (int i = 0; i < options.subsets().size(); i++) {
            plants.add(plant(options, baseDir, cmapssDir, i));
            plantNames.add(plantName(options.subsets().get(i)));
        }
        this.pki = DevPki.create(
                workDir.resolve("pki"), plantNames, List.of("localhost", "127.0.0.1"), "changeit", Duration.ofDays(1));
        this.loraConfig = LoraConfig.of(options.loraRank(), 2 * options.loraRank(), 0.05, baseDir.toString())
                .withTargetModules(options.loraTargets());
        this.seedAdapter = plants.get(0).freshAdapter(loraConfig, options.seed());
    }

    /**
     * The plant of subset {@code index} as every row trains and scores it: its history (with --tune the tuning
     * engines, a split that does not move with the seed; else the NASA test set), and local work seeded with
     * {@code seed + index}, which also picks the plant's held-out engines and so the normalisation its windows are
     * scored with. A tuning plant must be built inside a {@link TuningMode} scope.
     */
    static CmapssLoraTraining plant(BenchOptions options, Path baseDir, Path cmapssDir, int index) {
        String subset = options.subsets().get(index);
        PlantHistory history = options.tuning()
                ? new TuningHistory(cmapssDir, subset, options.tuningFraction())
                : new CmapssHistory(cmapssDir, subset, options.plantEngines());
        return CmapssLoraTraining.forPlant(
                baseDir,
                history,
                new LocalWork(options.localSteps(), options.batch(), options.learningRate(), options.seed() + index));
    }

    /** A plant's name in rows, saved predictions and saved adapters: its subset in lower case. */
    public static String plantName(String subset) {
        return subset.toLowerCase(Locale.ROOT);
    }

    /** Runs the selected scenarios, printing each row as it finishes and the table at the end. */
    public static List<ScenarioResult> run(
            BenchOptions options,
            Path baseDir,
            Path cmapssDir,
            Path workDir,
            UnaryOperator<String> newDatabase,
            PrintStream out)
            throws Exception {
        return run(options, baseDir, cmapssDir, workDir, newDatabase, out, (scenario, plant, adapter) -> {});
    }

    /** Where a run hands each single-row scenario's served adapter per plant (e.g. to save it for merging). */
    @FunctionalInterface
    public interface ServedAdapters {
        void accept(String scenario, String plant, PeftAdapter adapter) throws IOException;
    }

    /** As {@link #run(BenchOptions, Path, Path, Path, UnaryOperator, PrintStream)}, handing served adapters on. */
    public static List<ScenarioResult> run(
            BenchOptions options,
            Path baseDir,
            Path cmapssDir,
            Path workDir,
            UnaryOperator<String> newDatabase,
            PrintStream out,
            ServedAdapters served)
            throws Exception {
        // A tuning run refuses the test files for its whole length (JVM-wide), from loading the plants on.
        try (TuningMode.Scope scope = options.tuning() ? TuningMode.enter() : null) {
            if (options.tuning()) {
                out.printf(
                        Locale.ROOT,
                        "TUNING RUN: every RMSE below is on %.0f %% of each plant's private training engines, kept"
                                + " apart; test files refused%n",
                        100 * options.tuningFraction());
            }
            FederatedCmapssBench bench = new FederatedCmapssBench(options, baseDir, cmapssDir, workDir, newDatabase);
            try {
                return bench.runAll(out, served);
            } finally {
                bench.plants.forEach(CmapssLoraTraining::close);
                if (bench.root != null) {
                    bench.root.close();
                }
            }
        }
    }

    private List<ScenarioResult> runAll(PrintStream out, ServedAdapters served) throws Exception {
        out.printf(
                Locale.ROOT,
                "plants %s (%s private windows), %d rounds x %d local steps x %d windows, LoRA r=%d on %s, "
                        + "uploads %s, lr %.1e, seed %d, %d cores%n",
                plantNames,
                plants.stream()
                        .map(p -> String.format(Locale.ROOT, "%,d", p.windowCount()))
                        .toList(),
                options.rounds(),
                options.localSteps(),
                options.batch(),
                options.loraRank(),
                options.loraTargets(),
                options.wire(),
                options.learningRate(),
                options.seed(),
                Runtime.getRuntime().availableProcessors());
        List<ScenarioResult> results = new ArrayList<>();
        if (options.scenarios().stream().anyMatch(FederatedScenario::federates)) {
            warmUp();
        }
        for (FederatedScenario scenario : FederatedScenario.values()) {
            if (options.scenarios().contains(scenario)) {
                try {
                    List<ScenarioResult> rows = scenario.runOn(this);
                    for (ScenarioResult result : rows) {
                        out.print("done " + ResultTable.row(result, plantNames, fullModelBytes()));
                        results.add(result);
                    }
                    // Every row evaluates each plant last on what it serves; with several rows only the last's is left.
                    if (rows.size() == 1) {
                        for (int i = 0; i < plants.size(); i++) {
                            Optional<PeftAdapter> adapter = plants.get(i).lastPredicted();
                            if (adapter.isPresent() && rows.get(0).byPlant().containsKey(plantNames.get(i))) {
                                served.accept(rows.get(0).scenario(), plantNames.get(i), adapter.get());
                            }
                        }
                    }
                } catch (Exception e) { // one broken scenario must not cost the others' figures
                    out.printf(Locale.ROOT, "FAILED %s: %s%n", scenario.cliName(), e);
                    results.add(new ScenarioResult(
                            scenario.cliName() + " FAILED",
                            Map.of(),
                            null,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            String.valueOf(e.getMessage()),
                            Map.of()));
                }
            }
        }
        out.print(ResultTable.format(
                results, plantNames, fullModelBytes(), 4 * seedAdapter.weights().numel()));
        return results;
    }

    private long fullModelBytes() throws IOException {
        return Files.size(baseDir.resolve(ModelCheckpoint.WEIGHTS));
    }

    BenchOptions options() {
        return options;
    }

    /** The training of the plant at {@code index} (plants are the subsets, in order). */
    CmapssLoraTraining plant(int index) {
        return plants.get(index);
    }

    /** The base model as pretrained: the seed adapter changes nothing (B = 0, saved modules are the base's). */
    ScenarioResult baseline(String name) {
        Map<String, ScoredWindows> byPlant = new LinkedHashMap<>();
        for (int i = 0; i < plants.size(); i++) {
            byPlant.put(plantNames.get(i), plants.get(i).predict(seedAdapter));
        }
        return ScenarioResult.scored(name, byPlant, null, 0, Double.NaN, Double.NaN, "no fine-tuning");
    }

    /**
     * One untimed round in which plants upload a zero delta without training, so JIT compilation and the first
     * TLS and Spring code paths do not land on whichever timed scenario comes first.
     */
    private void warmUp() throws Exception {
        List<FederationRun.Plant> idle = new ArrayList<>();
        for (int i = 0; i < plants.size(); i++) {
            idle.add(new FederationRun.Plant(
                    plantNames.get(i), plants.get(i), (global, round) -> new LocalTraining.Result(global, 1), null));
        }
        FederationRun.run(
                "warm-up",
                fedAvg(),
                idle,
                seedAdapter,
                SafetensorsDtype.F32,
                pki,
                newDatabase.apply("fl_bench_warm_up"),
                plantDisks,
                1,
                1,
                "",
                null);
    }

    /** Each plant alone: the same rounds of local work, continuing from its own adapter. */
    ScenarioResult localOnly(String name) {
        Map<String, ScoredWindows> byPlant = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < plants.size(); i++) {
            byPlant.put(plantNames.get(i), plants.get(i).predict(trainAlone(plants.get(i))));
        }
        return ScenarioResult.scored(
                name, byPlant, null, seconds(start) / options.rounds(), Double.NaN, Double.NaN, "no traffic");
    }

    /**
     * Each plant alone for the federated rounds plus the adaptation rounds, serving the round its held-out engines
     * score best: local-only with the same local compute and the same model choice as {@code fedavg+finetune}.
     */
    ScenarioResult localValidated(String name) {
        Map<String, ScoredWindows> byPlant = new LinkedHashMap<>();
        List<String> chosen = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < plants.size(); i++) {
            ValidatedAdaptation.Choice choice = new ValidatedAdaptation(
                            plants.get(i), options.rounds() + options.adaptationRounds(), 1)
                    .choose(seedAdapter);
            chosen.add(plantNames.get(i) + " " + choice.rounds());
            byPlant.put(plantNames.get(i), plants.get(i).predict(choice.adapter()));
        }
        return ScenarioResult.scored(
                name,
                byPlant,
                null,
                seconds(start) / options.rounds(),
                Double.NaN,
                Double.NaN,
                "no traffic; rounds kept: " + String.join(", ", chosen));
    }

    /** One adapter trained on all plants' windows, with as many steps per round as all plants together. */
    ScenarioResult pooled(String name) {
        LocalWork work = plants.get(0).work().withSteps(options.localSteps() * plants.size());
        long start = System.nanoTime();
        try (CmapssLoraTraining pooled = CmapssLoraTraining.pooled(baseDir, plants, work)) {
            PeftAdapter adapter = trainAlone(pooled);
            double roundSeconds = seconds(start) / options.rounds();
            Map<String, ScoredWindows> byPlant = new LinkedHashMap<>();
            for (int i = 0; i < plants.size(); i++) {
                byPlant.put(plantNames.get(i), plants.get(i).predict(adapter));
            }
            return ScenarioResult.scored(
                    name,
                    byPlant,
                    null,
                    roundSeconds,
                    Double.NaN,
                    Double.NaN,
                    "upper bound: data pooled centrally, " + work.steps() + " steps/round");
        }
    }

    /**
     * Every weight trained centrally on all plants' windows ({@link PooledFullTraining}): from scratch with the
     * ensemble recipe of {@code pdm model train}, or from the base (full fine-tuning); the bench's epochs and
     * ensemble override the recipe's when set, and the note says which ran.
     */
    ScenarioResult pooledFull(String name, PooledFullTraining.Recipe recipe) {
        PooledFullTraining.Recipe budget = recipe.withBudget(
                options.fullEpochs() > 0 ? options.fullEpochs() : recipe.epochs(),
                recipe.fromBase() ? 1 : options.fullEnsemble() > 0 ? options.fullEnsemble() : recipe.ensemble());
        long start = System.nanoTime();
        PooledFullTraining.Outcome outcome = PooledFullTraining.run(plants, budget, options.seed());
        return new ScenarioResult(
                name,
                PooledFullTraining.byName(plantNames, outcome),
                null,
                seconds(start),
                Double.NaN,
                Double.NaN,
                String.format(
                        Locale.ROOT,
                        "central baseline: %s on the plants' %,d windows; best epochs %s; round s = whole run",
                        budget.describe(),
                        outcome.windows(),
                        outcome.bestEpochs()),
                Map.of());
    }

    private PeftAdapter trainAlone(CmapssLoraTraining training) {
        PeftAdapter adapter = seedAdapter;
        for (int round = 1; round <= options.rounds(); round++) {
            adapter = new PeftAdapter(
                    loraConfig, training.trainRound(adapter, round).adapter());
        }
        return adapter;
    }

    List<ScenarioResult> differentialPrivacy() throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        for (double epsilon : options.dpEpsilons()) {
            double z = DpCalibration.noiseMultiplier(epsilon, DP_DELTA, options.rounds(), 1.0, 1);
            ClientSidePrivacy privacy = new ClientSidePrivacy.DeltaNoise(
                    new GaussianDeltaMechanism(options.dpClipNorm(), z), epsilon, DP_DELTA, 1.0);
            // The aggregator's norm check must admit the noise: ‖N(0, (zC)² I_d)‖ ≈ zC·√d, doubled for margin.
            double noisyNorm = options.dpClipNorm()
                    * (1 + 2 * z * Math.sqrt(seedAdapter.weights().numel()));
            RoundPolicy policy = fedAvg();
            results.add(federated(
                    "dp eps=" + decimal(epsilon),
                    policy.withLimits(Math.max(policy.maxDeltaNorm(), noisyNorm), policy.maxDeltaBytes()),
                    plain().withPrivacy(privacy),
                    String.format(
                            Locale.ROOT, "plant-level, clip %.2g, noise multiplier %.3f", options.dpClipNorm(), z)));
        }
        return results;
    }

    /**
     * Record-level DP-SGD inside each plant: every window's gradient clipped, noise on the sum. Each plant's noise
     * multiplier is the smallest for which the RDP accountant, composing the Poisson-subsampled Gaussian with
     * q = batch / the plant's windows over all local steps of all rounds, gives ε ≤ target at δ.
     */
    List<ScenarioResult> dpSgd() throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        for (double epsilon : options.dpEpsilons()) {
            List<String> perPlant = new ArrayList<>();
            List<LocalTraining> trainings = new ArrayList<>();
            for (int i = 0; i < plants.size(); i++) {
                CmapssLoraTraining plant = plants.get(i);
                double q = (double) options.batch() / plant.windowCount();
                double z = DpCalibration.noiseMultiplier(epsilon, DP_DELTA, options.rounds(), q, options.localSteps());
                double spent = DpCalibration.epsilon(z, DP_DELTA, options.rounds(), q, options.localSteps());
                trainings.add(plant.withWork(plant.work().withDpSgd(new LocalWork.DpSgd(options.dpSgdClipNorm(), z))));
                perPlant.add(String.format(Locale.ROOT, "%s sigma %.3f eps %.3f", plantNames.get(i), z, spent));
            }
            results.add(federated(
                    "dpsgd eps=" + decimal(epsilon),
                    fedAvg(),
                    plain().withTraining(trainings::get),
                    String.format(
                            Locale.ROOT,
                            "per-window DP-SGD, clip %.2g, delta %.0e, q = %d/windows, %d steps: %s",
                            options.dpSgdClipNorm(),
                            DP_DELTA,
                            options.batch(),
                            options.rounds() * options.localSteps(),
                            String.join(", ", perPlant))));
        }
        return results;
    }

    /** FedPer-style on the federated adapter, with the configured upload type. */
    Federation personalised() {
        return PersonalFederations.of(seedAdapter, options.wire(), plants, 0, 0);
    }

    /** Ditto: each plant also trains a personal adapter pulled towards the global one and is evaluated on it. */
    Federation ditto() {
        return plain().withTraining(i -> new DittoTraining(plants.get(i), options.dittoLambda(), null));
    }

    /** The smallest upload: personalised, a low-rank adapter on fewer projections, F16 on the wire. */
    ScenarioResult compact(String name) throws Exception {
        return compact(name, SafetensorsDtype.F16, 0, "");
    }

    /**
     * {@code compact} with the uploads in the configured type ({@code --wire I8}: 8-bit factors), then each plant's
     * validated local adaptation of its personal model, as in {@code fedavg+finetune}.
     */
    ScenarioResult compactAdapted(String name) throws Exception {
        return compact(
                name,
                options.wire(),
                options.adaptationRounds(),
                "; served after the local rounds (at most " + options.adaptationRounds()
                        + ") its held-out engines score best");
    }

    private ScenarioResult compact(String name, SafetensorsDtype wire, int adaptationRounds, String adaptationNote)
            throws Exception {
        LoraConfig config = LoraConfig.of(options.compactRank(), 2 * options.compactRank(), 0.05, baseDir.toString())
                .withTargetModules(options.compactTargets());
        PeftAdapter full = plants.get(0).freshAdapter(config, options.seed());
        Federation federation = PersonalFederations.of(full, wire, plants, adaptationRounds, options.rounds() + 1L);
        return federated(
                name,
                fedAvg(),
                federation,
                String.format(
                        Locale.ROOT,
                        "personal heads, LoRA r=%d on %s (%,d shared params), %s uploads%s",
                        options.compactRank(),
                        options.compactTargets(),
                        federation.seed().weights().numel(),
                        wire,
                        adaptationNote));
    }

    /** The rules' clean runs and the attacks against each ({@link ByzantineScenarios}). */
    List<ScenarioResult> byzantine(Map<String, AggregationRule> rules) throws Exception {
        return ByzantineScenarios.run(
                rules,
                plain(),
                plants,
                plantNames,
                options.seed(),
                (scenario, rule, federation, note) ->
                        federated(scenario, plainPolicy(AggregationStrategy.of(rule)), federation, note));
    }

    /** The shared seed adapter, each plant's own training, no DP, the configured upload type. */
    Federation plain() {
        return new Federation(seedAdapter, plants::get, null, options.wire());
    }

    /**
     * Every plant serves the final global adapter after the rounds of local work its held-out engines score best
     * (Yu et al. 2020, with the amount of adaptation validated).
     */
    Federation locallyAdapted() {
        return locallyAdapted(0);
    }

    /**
     * As {@link #locallyAdapted()}, with FedProx's μ in the federated rounds' local work; the validated adaptation
     * afterwards is the plant's own and runs without it.
     */
    Federation locallyAdapted(float proximalMu) {
        return plain().withTraining(i -> new ValidatedAdaptation(
                proximalMu == 0 ? plants.get(i) : proximal(plants.get(i), proximalMu),
                options.adaptationRounds(),
                options.rounds() + 1L));
    }

    private static AdaptableTraining proximal(CmapssLoraTraining plant, float mu) {
        LocalTraining federated = plant.withWork(plant.work().withProximalMu(mu));
        return new AdaptableTraining() {
            @Override
            public Result train(TensorDict globalAdapter, RoundAnnouncement round) {
                return federated.train(globalAdapter, round);
            }

            @Override
            public PeftAdapter trainFrom(PeftAdapter start, long round) {
                return plant.trainFrom(start, round);
            }

            @Override
            public double validationLoss(PeftAdapter adapter) {
                return plant.validationLoss(adapter);
            }
        };
    }

    /** FedAvg within each machine family ({@link MachineFamilies}), one aggregator each, merged into one row. */
    ScenarioResult clustered(String scenario, Federation federation, String note) throws Exception {
        List<ScenarioResult> parts = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        for (List<Integer> cluster : MachineFamilies.clusters(options.subsets())) {
            List<String> members = cluster.stream().map(plantNames::get).toList();
            names.add(members);
            parts.add(federated(
                    scenario + " " + members,
                    plainPolicy(AggregationStrategy.fedAvg(), cluster.size()),
                    federation,
                    note,
                    cluster));
        }
        return MachineFamilies.merge(scenario, parts, plantNames, note + ": " + names);
    }

    ScenarioResult federated(String scenario, RoundPolicy policy, Federation federation, String note) throws Exception {
        return federated(
                scenario,
                policy,
                federation,
                note,
                IntStream.range(0, plants.size()).boxed().toList());
    }

    /** The plants at {@code indices} federate; the others sit this run out. */
    private ScenarioResult federated(
            String scenario, RoundPolicy policy, Federation federation, String note, List<Integer> indices)
            throws Exception {
        List<FederationRun.Plant> members = new ArrayList<>();
        for (int i : indices) {
            members.add(new FederationRun.Plant(
                    plantNames.get(i), plants.get(i), federation.training().apply(i), federation.privacy()));
        }
        String database = newDatabase.apply("fl_bench_" + scenario.replaceAll("[^a-z0-9]+", "_"));
        return FederationRun.run(
                scenario,
                policy,
                members,
                federation.seed(),
                federation.wire(),
                pki,
                database,
                plantDisks,
                options.rounds(),
                options.averagedVersions(),
                note,
                policy.strategy().rule().needsReference() ? rootReference() : null);
    }

    /** FLTrust's trusted data: the OEM engines of every subset, loaded the first time a rule asks. */
    private ReferenceUpdate rootReference() {
        if (root == null) {
            root = CmapssLoraTraining.rootData(
                    baseDir,
                    cmapssDir,
                    options.subsets(),
                    new LocalWork(
                            options.localSteps(),
                            options.batch(),
                            options.learningRate(),
                            options.seed() + plants.size()));
        }
        return new RootDataReference(root);
    }

    RoundPolicy fedAvg() {
        return plainPolicy(AggregationStrategy.fedAvg());
    }

    private static String decimal(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /**
     * All plants in every round; rounds close as soon as every plant uploaded, so the deadline only guards a hang.
     * Secure aggregation masks exampleCount · delta: the codec's range covers coordinates up to ±2 at this round's
     * example count, and the scale is as fine as the 32-bit ring allows for this many plants.
     */
    RoundPolicy plainPolicy(AggregationStrategy strategy) {
        return plainPolicy(strategy, plants.size());
    }

    private RoundPolicy plainPolicy(AggregationStrategy strategy, int plantCount) {
        double range = Integer.highestOneBit(2 * options.localSteps() * options.batch()) * 2.0;
        double scale = Math.max(1, Integer.highestOneBit((int) ((1L << 30) / (plantCount * range))));
        return new RoundPolicy(
                plantCount, Duration.ofMinutes(30), strategy, AggregationMode.PLAIN, 1e3, 64L << 20, scale, range);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
