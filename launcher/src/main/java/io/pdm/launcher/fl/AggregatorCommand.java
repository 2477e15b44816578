package io.pdm.launcher.fl;

import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.AggregatorSettings;
import io.pdm.federated.aggregator.ManagementPort;
import io.pdm.federated.aggregator.round.Database;
import io.pdm.federated.aggregator.round.ReferenceUpdate;
import io.pdm.federated.aggregator.round.RootDataReference;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.pki.DevPki;
import io.pdm.federated.plant.PersonalisedTraining;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.rules.AggregationStrategy;
import io.pdm.federated.rules.StrategyRegistry;
import io.pdm.federated.training.CmapssLoraTraining;
import io.pdm.federated.training.LocalWork;
import io.pdm.federated.training.SeedAdapters;
import io.pdm.launcher.ManagementOptions;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pdm fl aggregator}: the cross-plant aggregator until Ctrl-C. */
@Command(
        name = "aggregator",
        mixinStandardHelpOptions = true,
        description = "Run the aggregator (HTTPS, client certificates required; round state in PostgreSQL).")
final class AggregatorCommand implements Callable<Integer> {
    private CmapssLoraTraining root;

    @Option(
            names = "--tls",
            required = true,
            description = "PKI directory from `pdm certs init` (aggregator.p12, truststore.p12, crl.pem).")
    Path tls;

    @Option(
            names = "--password",
            defaultValue = "${env:PDM_FL_PASSWORD:-changeit}",
            description = "PKCS12 password (PDM_FL_PASSWORD, default changeit: development only).")
    String password;

    @Option(
            names = "--jdbc",
            required = true,
            defaultValue = "${env:PDM_JDBC}",
            description = "PostgreSQL JDBC URL (PDM_JDBC; schema fl is created or migrated).")
    String jdbc;

    @Option(names = "--plants", required = true, split = ",", description = "Registered plant ids.")
    List<String> plants;

    @Option(
            names = "--spool",
            description = "Directory where rounds under rules that need every delta (all but FedAvg) spill them; "
                    + "needs room for plants x delta size (default: a temporary directory).")
    java.nio.file.Path spool;

    @Option(
            names = "--base",
            required = true,
            description = "Base model directory: its hash pins every round; version 0 is a fresh adapter for it.")
    Path base;

    @Option(names = "--port", defaultValue = "8443")
    int port;

    @Mixin
    ManagementOptions management = new ManagementOptions();

    @Option(names = "--quorum", description = "Fewest deltas per round (default: every plant).")
    Integer quorum;

    @Option(
            names = "--round-duration",
            defaultValue = "10m",
            description = "Deadline after a round opens (default ${DEFAULT-VALUE}).")
    Duration roundDuration;

    @Option(
            names = "--strategy",
            defaultValue = "fedavg",
            completionCandidates = RuleNames.class,
            description =
                    "Aggregation rule: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; fltrust needs --root-cmapss).")
    String strategy;

    @Option(
            names = "--server-optimizer",
            defaultValue = "sgd",
            completionCandidates = OptimizerNames.class,
            description =
                    "Server step after the rule: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: plain FedAvg).")
    String serverOptimizer;

    @Option(
            names = "--root-cmapss",
            description =
                    "fltrust: C-MAPSS directory whose OEM engines (the base model's public pretraining share) are the aggregator's trusted data.")
    Path rootCmapss;

    @Option(
            names = "--root-subsets",
            split = ",",
            defaultValue = "FD001,FD002,FD003,FD004",
            description = "fltrust: subsets whose OEM engines the aggregator trains on (default ${DEFAULT-VALUE}).")
    List<String> rootSubsets;

    @Option(
            names = "--root-local-steps",
            defaultValue = "30",
            description = "fltrust: steps of the aggregator's own round of local work (default ${DEFAULT-VALUE}).")
    int rootLocalSteps;

    @Option(names = "--secure", description = "Secure aggregation (FedAvg only).")
    boolean secure;

    @Option(
            names = "--rank",
            defaultValue = "8",
            description = "LoRA rank of the seed adapter (default ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(
            names = "--personalised",
            description =
                    "Federate only the LoRA factors; plants keep their own patch projection and heads (plants run with --personal).")
    boolean personalised;

    @Override
    public Integer call() throws Exception {
        AggregatorHandle aggregator = start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            aggregator.close();
                            if (root != null) {
                                root.close();
                            }
                        },
                        "fl-aggregator-stop"));
        Thread.currentThread().join(); // serve until the JVM is stopped
        return 0;
    }

    /** Starts the aggregator as configured and says where it listens; the caller stops it. */
    AggregatorHandle start() throws java.io.IOException {
        RoundPolicy policy = RoundPolicy.plain(quorum == null ? plants.size() : quorum, roundDuration)
                .withStrategy(strategy(strategy, serverOptimizer))
                .withMode(secure ? AggregationMode.SECURE : AggregationMode.PLAIN);
        DevPki pki = new DevPki(tls, password);
        Path crl = Files.exists(pki.revocationList()) ? pki.revocationList() : null;
        AggregatorSettings settings = new AggregatorSettings(
                port,
                pki.aggregatorTls(),
                crl,
                Database.of(jdbc),
                new TreeSet<>(plants),
                policy,
                seedAdapter(),
                ModelCheckpoint.baseHash(base),
                Duration.ofMillis(200),
                reference(policy));
        AggregatorHandle aggregator = AggregatorApplication.start(
                spool == null ? settings : settings.withSpoolDirectory(spool),
                ManagementOptions.registry(),
                management.enabled() ? new ManagementPort(management.bind(), management.port()) : null);
        System.out.printf(
                "aggregator on https://localhost:%d for %s (%s, %s); Ctrl-C stops it%n",
                aggregator.port(), plants, strategy, policy.mode());
        if (aggregator.managementPort() >= 0)
            System.out.printf(
                    "probes and /actuator/prometheus on http://%s:%d%n",
                    management.bind(), aggregator.managementPort());
        return aggregator;
    }

    /** FLTrust's server update on the OEM engines, the same local work a plant does by default; else none. */
    private ReferenceUpdate reference(RoundPolicy policy) {
        if (!policy.strategy().rule().needsReference()) {
            return null;
        }
        if (rootCmapss == null) {
            throw new IllegalArgumentException(
                    "--strategy " + strategy + " needs the aggregator's trusted data: give --root-cmapss");
        }
        root = CmapssLoraTraining.rootData(
                base, rootCmapss, rootSubsets, new LocalWork(rootLocalSteps, 64, 1e-3f, seed));
        return new RootDataReference(root);
    }

    /**
     * The rule and server optimiser by their registry names. Two older spellings stay for one release:
     * {@code trimmed} (now {@code trimmed-mean}) and {@code --strategy fedadam} (now {@code --server-optimizer fedadam}).
     */
    static AggregationStrategy strategy(String rule, String optimizer) {
        String ruleName = switch (rule) {
            case "trimmed" -> deprecated("--strategy trimmed", "--strategy trimmed-mean", "trimmed-mean");
            case "fedadam" -> deprecated("--strategy fedadam", "--server-optimizer fedadam", "fedavg");
            default -> rule;
        };
        String optimizerName = rule.equals("fedadam") ? "fedadam" : optimizer;
        return new AggregationStrategy(
                StrategyRegistry.rule(ruleName).defaults().get(),
                StrategyRegistry.optimizer(optimizerName).defaults().get());
    }

    private static String deprecated(String old, String now, String meaning) {
        System.err.println("pdm: " + old + " is deprecated; use " + now);
        return meaning;
    }

    private PeftAdapter seedAdapter() throws java.io.IOException {
        LoraConfig config = LoraConfig.of(rank, 2 * rank, 0.05, base.toString());
        PeftAdapter full = SeedAdapters.fresh(base, config, seed);
        return personalised
                ? new PeftAdapter(
                        PersonalisedTraining.sharedConfig(config), PersonalisedTraining.sharedPart(full.weights()))
                : full;
    }

    /** The help lists what the registry holds, so a new rule needs no edit here. */
    static final class RuleNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return StrategyRegistry.rules().stream()
                    .map(StrategyRegistry.Entry::name)
                    .iterator();
        }
    }

    static final class OptimizerNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return StrategyRegistry.optimizers().stream()
                    .map(StrategyRegistry.Entry::name)
                    .iterator();
        }
    }
}
