package io.pdm.federated.bench;

import io.pdm.federated.aggregate.AggregationRule;
import io.pdm.federated.aggregate.FedAdam;
import io.pdm.federated.aggregate.FedAvg;
import io.pdm.federated.aggregate.Krum;
import io.pdm.federated.aggregate.TrimmedMean;
import io.pdm.federated.cmapss.CmapssLoraTraining;
import io.pdm.federated.cmapss.LocalWork;
import io.pdm.federated.devpki.DevPki;
import io.pdm.federated.dp.GaussianDeltaMechanism;
import io.pdm.federated.plant.ClientSidePrivacy;
import io.pdm.federated.plant.LocalTraining;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.AggregationStrategy;
import io.pdm.federated.round.RoundPolicy;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
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
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Federated LoRA fine-tuning on C-MAPSS: one plant per subset, each training on its private engines and evaluated
 * on its own test set, all in one process but talking the real HTTPS/mTLS protocol to a real aggregator on
 * PostgreSQL. Every scenario starts from the same base model and seed adapter and runs the same rounds.
 */
public final class FederatedCmapssBench {

    public static final String BASE = "base";
    public static final String LOCAL = "local";
    public static final String FEDAVG = "fedavg";
    public static final String FEDADAM = "fedadam";
    public static final String POOLED = "pooled";
    public static final String DP = "dp";
    public static final String SECAGG = "secagg";
    public static final String BYZANTINE = "byzantine";
    /** In the order they run and print. */
    public static final List<String> SCENARIOS = List.of(BASE, LOCAL, FEDAVG, FEDADAM, POOLED, DP, SECAGG, BYZANTINE);
    public static final double DP_DELTA = 1e-5;
    private static final Set<String> FEDERATED = Set.of(FEDAVG, FEDADAM, DP, SECAGG, BYZANTINE);

    private final BenchOptions options;
    private final Path baseDir;
    private final DevPki pki;
    private final Path plantDisks;
    private final UnaryOperator<String> newDatabase;
    private final List<CmapssLoraTraining> plants = new ArrayList<>();
    private final List<String> plantNames = new ArrayList<>();
    private final LoraConfig loraConfig;
    private final PeftAdapter seedAdapter;

    /** @param newDatabase creates a fresh PostgreSQL database named after the prefix it gets and returns its JDBC URL */
    private FederatedCmapssBench(BenchOptions options, Path baseDir, Path cmapssDir, Path workDir, UnaryOperator<String> newDatabase) {
        this.options = options;
        this.baseDir = baseDir;
        this.newDatabase = newDatabase;
        this.plantDisks = workDir.resolve("plants");
        for (int i = 0; i < options.subsets().size(); i++) {
            String subset = options.subsets().get(i);
            plants.add(CmapssLoraTraining.forPlant(baseDir, cmapssDir, subset,
                    new LocalWork(options.localSteps(), options.batch(), options.learningRate(), options.seed() + i)));
            plantNames.add(subset.toLowerCase(Locale.ROOT));
        }
        this.pki = DevPki.create(workDir.resolve("pki"), plantNames, List.of("localhost", "127.0.0.1"), "changeit",
                Duration.ofDays(1));
        this.loraConfig = LoraConfig.of(options.loraRank(), 2 * options.loraRank(), 0.05, baseDir.toString());
        this.seedAdapter = plants.get(0).freshAdapter(loraConfig, options.seed());
    }

    /** Runs the selected scenarios, printing each row as it finishes and the table at the end. */
    public static List<ScenarioResult> run(BenchOptions options, Path baseDir, Path cmapssDir, Path workDir,
                                           UnaryOperator<String> newDatabase, PrintStream out) throws Exception {
        FederatedCmapssBench bench = new FederatedCmapssBench(options, baseDir, cmapssDir, workDir, newDatabase);
        try {
            return bench.runAll(out);
        } finally {
            bench.plants.forEach(CmapssLoraTraining::close);
        }
    }

    private List<ScenarioResult> runAll(PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "plants %s, %d rounds x %d local steps x %d windows, LoRA r=%d, lr %.1e, seed %d, %d cores%n",
                plantNames, options.rounds(), options.localSteps(), options.batch(), options.loraRank(),
                options.learningRate(), options.seed(), Runtime.getRuntime().availableProcessors());
        List<ScenarioResult> results = new ArrayList<>();
        if (options.scenarios().stream().anyMatch(FEDERATED::contains)) {
            warmUp();
        }
        for (String scenario : SCENARIOS) {
            if (options.scenarios().contains(scenario)) {
                try {
                    for (ScenarioResult result : runScenario(scenario)) {
                        out.printf(Locale.ROOT, "done %s: mean RMSE %.2f%n", result.scenario(), result.meanRmse());
                        results.add(result);
                    }
                } catch (Exception e) { // one broken scenario must not cost the others' figures
                    out.printf(Locale.ROOT, "FAILED %s: %s%n", scenario, e);
                    results.add(new ScenarioResult(scenario + " FAILED", Map.of(), null, Double.NaN, Double.NaN,
                            Double.NaN, String.valueOf(e.getMessage())));
                }
            }
        }
        out.print(ResultTable.format(results, plantNames, Files.size(baseDir.resolve(ModelCheckpoint.WEIGHTS)),
                4 * seedAdapter.weights().numel()));
        return results;
    }

    private List<ScenarioResult> runScenario(String scenario) throws Exception {
        return switch (scenario) {
            case BASE -> List.of(baseline());
            case LOCAL -> List.of(localOnly());
            case POOLED -> List.of(pooled());
            case FEDAVG -> List.of(federated(FEDAVG, plainPolicy(AggregationStrategy.fedAvg()), null, null, ""));
            case FEDADAM -> List.of(federated(FEDADAM, plainPolicy(new AggregationStrategy(new FedAvg(),
                    new FedAdam(1e-2f, 0.9f, 0.99f, 1e-3f))), null, null, "server Adam lr 1e-2, tau 1e-3"));
            case SECAGG -> List.of(federated(SECAGG, plainPolicy(AggregationStrategy.fedAvg()).withMode(AggregationMode.SECURE),
                    null, null, ""));
            case DP -> differentialPrivacy();
            case BYZANTINE -> byzantine();
            default -> throw new IllegalArgumentException(scenario);
        };
    }

    /** The base model as pretrained: the seed adapter changes nothing (B = 0, saved modules are the base's). */
    private ScenarioResult baseline() {
        Map<String, RulEvaluation> byPlant = new LinkedHashMap<>();
        for (int i = 0; i < plants.size(); i++) {
            byPlant.put(plantNames.get(i), plants.get(i).evaluate(seedAdapter));
        }
        return new ScenarioResult(BASE, byPlant, null, 0, Double.NaN, Double.NaN, "no fine-tuning");
    }

    /**
     * One untimed round in which plants upload a zero delta without training, so JIT compilation and the first
     * TLS and Spring code paths do not land on whichever timed scenario comes first.
     */
    private void warmUp() throws Exception {
        List<FederationRun.Plant> idle = new ArrayList<>();
        for (int i = 0; i < plants.size(); i++) {
            idle.add(new FederationRun.Plant(plantNames.get(i), plants.get(i), (global, round) -> new LocalTraining.Result(global, 1), null));
        }
        FederationRun.run("warm-up", plainPolicy(AggregationStrategy.fedAvg()), idle, seedAdapter, pki,
                newDatabase.apply("fl_bench_warm_up"), plantDisks, 1, "");
    }

    /** Each plant alone: the same rounds of local work, continuing from its own adapter. */
    private ScenarioResult localOnly() {
        Map<String, RulEvaluation> byPlant = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < plants.size(); i++) {
            byPlant.put(plantNames.get(i), plants.get(i).evaluate(trainAlone(plants.get(i))));
        }
        return new ScenarioResult(LOCAL, byPlant, null, seconds(start) / options.rounds(), Double.NaN, Double.NaN,
                "no traffic");
    }

    /** One adapter trained on all plants' windows, with as many steps per round as all plants together. */
    private ScenarioResult pooled() {
        LocalWork work = plants.get(0).work().withSteps(options.localSteps() * plants.size());
        long start = System.nanoTime();
        try (CmapssLoraTraining pooled = CmapssLoraTraining.pooled(baseDir, plants, work)) {
            PeftAdapter adapter = trainAlone(pooled);
            double roundSeconds = seconds(start) / options.rounds();
            Map<String, RulEvaluation> byPlant = new LinkedHashMap<>();
            for (int i = 0; i < plants.size(); i++) {
                byPlant.put(plantNames.get(i), plants.get(i).evaluate(adapter));
            }
            return new ScenarioResult(POOLED, byPlant, null, roundSeconds, Double.NaN, Double.NaN,
                    "upper bound: data pooled centrally, " + work.steps() + " steps/round");
        }
    }

    private PeftAdapter trainAlone(CmapssLoraTraining training) {
        PeftAdapter adapter = seedAdapter;
        for (int round = 1; round <= options.rounds(); round++) {
            adapter = new PeftAdapter(loraConfig, training.trainRound(adapter, round).adapter());
        }
        return adapter;
    }

    private List<ScenarioResult> differentialPrivacy() throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        for (double epsilon : options.dpEpsilons()) {
            double z = DpCalibration.noiseMultiplier(epsilon, DP_DELTA, options.rounds(), 1.0);
            ClientSidePrivacy privacy = new ClientSidePrivacy(new GaussianDeltaMechanism(options.dpClipNorm(), z),
                    epsilon, DP_DELTA, 1.0);
            // The aggregator's norm check must admit the noise: ‖N(0, (zC)² I_d)‖ ≈ zC·√d, doubled for margin.
            double noisyNorm = options.dpClipNorm() * (1 + 2 * z * Math.sqrt(seedAdapter.weights().numel()));
            RoundPolicy policy = plainPolicy(AggregationStrategy.fedAvg());
            results.add(federated("dp eps=" + BigDecimal.valueOf(epsilon).stripTrailingZeros().toPlainString(),
                    policy.withLimits(Math.max(policy.maxDeltaNorm(), noisyNorm), policy.maxDeltaBytes()),
                    privacy, null, String.format(Locale.ROOT, "plant-level, clip %.2g, noise multiplier %.3f", options.dpClipNorm(), z)));
        }
        return results;
    }

    /** The last plant attacks; each attack against FedAvg, the trimmed mean (one per side) and Krum (f = 1). */
    private List<ScenarioResult> byzantine() throws Exception {
        Map<String, AggregationRule> rules = new LinkedHashMap<>();
        rules.put("fedavg", new FedAvg());
        rules.put("trimmed", new TrimmedMean(0.25));
        rules.put("krum", Krum.single(1));
        List<ScenarioResult> results = new ArrayList<>();
        for (ByzantineTraining.Attack attack : ByzantineTraining.Attack.values()) {
            for (Map.Entry<String, AggregationRule> rule : rules.entrySet()) {
                String name = "byz " + attack.name().toLowerCase(Locale.ROOT).replace('_', '-') + " / " + rule.getKey();
                results.add(federated(name, plainPolicy(AggregationStrategy.of(rule.getValue())), null, attack,
                        "attacker " + plantNames.get(plantNames.size() - 1)));
            }
        }
        return results;
    }

    private ScenarioResult federated(String scenario, RoundPolicy policy, ClientSidePrivacy privacy,
                                     ByzantineTraining.Attack attack, String note) throws Exception {
        List<FederationRun.Plant> federation = new ArrayList<>();
        for (int i = 0; i < plants.size(); i++) {
            boolean attacker = attack != null && i == plants.size() - 1;
            federation.add(new FederationRun.Plant(plantNames.get(i), plants.get(i),
                    attacker ? new ByzantineTraining(plants.get(i), attack, options.seed()) : plants.get(i), privacy));
        }
        String database = newDatabase.apply("fl_bench_" + scenario.replaceAll("[^a-z0-9]+", "_"));
        return FederationRun.run(scenario, policy, federation, seedAdapter, pki, database, plantDisks, options.rounds(), note);
    }

    /**
     * All plants in every round; rounds close as soon as every plant uploaded, so the deadline only guards a hang.
     * Secure aggregation masks exampleCount · delta: the codec's range covers coordinates up to ±2 at this round's
     * example count, and the scale is as fine as the 32-bit ring allows for this many plants.
     */
    private RoundPolicy plainPolicy(AggregationStrategy strategy) {
        double range = Integer.highestOneBit(2 * options.localSteps() * options.batch()) * 2.0;
        double scale = Math.max(1, Integer.highestOneBit((int) ((1L << 30) / (plants.size() * range))));
        return new RoundPolicy(plants.size(), Duration.ofMinutes(30), strategy, AggregationMode.PLAIN, 1e3, 64L << 20,
                scale, range);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
