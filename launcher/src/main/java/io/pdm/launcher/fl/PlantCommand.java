package io.pdm.launcher.fl;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pdm.federated.plant.ManagementEndpoint;
import io.pdm.federated.plant.PlantMetrics;
import io.pdm.federated.plant.PlantService;
import io.pdm.federated.plant.PlantSettings;
import io.pdm.federated.plant.PlantSettings.Data;
import io.pdm.federated.plant.PlantSettings.Personalisation;
import io.pdm.federated.plant.PlantSettings.Privacy;
import io.pdm.federated.training.LocalWork;
import io.pdm.federated.training.history.StoredLives;
import io.pdm.launcher.KafkaSecurityOptions;
import io.pdm.launcher.ManagementOptions;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.life.ProtocolMismatchException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pdm fl plant}: checks the options into {@link PlantSettings} and runs {@link PlantService} until Ctrl-C or
 * N contributions. The trainer's loop lives in federated-trainer/plant.
 */
@Command(
        name = "plant",
        mixinStandardHelpOptions = true,
        description =
                "Take part in federated rounds: LoRA fine-tuning of the base model on this plant's private run-to-failure "
                        + "history, from C-MAPSS files (--cmapss, --subset) or from the plant's store (--jdbc: stored"
                        + " engine runs for a C-MAPSS base, or with --stored-lives the lives of a life base's asset"
                        + " type, e.g. the pump base).")
final class PlantCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--aggregator", required = true, description = "Aggregator URL, e.g. https://localhost:8443.")
    URI aggregator;

    @Option(
            names = "--keystore",
            required = true,
            description = "The plant's PKCS12 client certificate (PLANT.p12 from `pdm certs init`).")
    Path keyStore;

    @Option(names = "--truststore", description = "PKCS12 trust store (default: truststore.p12 next to the key store).")
    Path trustStore;

    @Option(
            names = "--password",
            defaultValue = "${env:PDM_FL_PASSWORD:-changeit}",
            description =
                    "PKCS12 password of key and trust store (PDM_FL_PASSWORD, default changeit: development only).")
    String password;

    @Option(
            names = "--plant",
            defaultValue = "${env:PDM_PLANT}",
            description = "Plant id (PDM_PLANT; default: the key store's file name without .p12).")
    String plant;

    @Option(names = "--base", required = true, description = "Base model directory.")
    Path base;

    @Option(names = "--cmapss", description = "C-MAPSS directory (the benchmark path; with --subset).")
    Path cmapss;

    @Option(names = "--subset", description = "The subset whose private engines this plant trains on, e.g. FD001.")
    String subset;

    @Option(
            names = "--jdbc",
            defaultValue = "${env:PDM_JDBC}",
            description =
                    "PDM_JDBC. The plant's store (the streaming path): train on the readings and maintenance logs the feature pipeline stored, e.g. jdbc:postgresql://127.0.0.1:5432/pdm?user=postgres.")
    String jdbc;

    @Option(
            names = "--end-of-life",
            split = ",",
            defaultValue = "REPLACEMENT",
            description = "With --jdbc: maintenance actions that end an asset's life (default ${DEFAULT-VALUE}).")
    Set<String> endOfLife;

    @Option(
            names = "--stored-lives",
            description = "With --jdbc: train a life base of any asset type (pdm_protocol.json, e.g. the pump base) on"
                    + " the lives of the base's type in the plant's store: its stored feature windows, cut at the"
                    + " --end-of-life work orders (default here REPLACEMENT,REPAIR) and re-read before every round."
                    + " Without it, --jdbc trains a C-MAPSS base on stored engine runs.")
    boolean storedLives;

    @Option(
            names = "--running-channel",
            description = "With --stored-lives: a stored feature above zero only while the asset ran throughout the"
                    + " window (the pump: speed_rpm.min); windows where it is not count as stopped.")
    String runningChannel;

    @Option(
            names = "--epochs",
            defaultValue = "2",
            description =
                    "With --stored-lives: passes over each round's subsample of windows (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--store", description = "Adapter versions directory (default: ./fl-PLANT).")
    Path store;

    @Option(names = "--local-steps", defaultValue = "30")
    int localSteps;

    @Option(names = "--batch", defaultValue = "64")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3")
    float learningRate;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(
            names = "--prox-mu",
            defaultValue = "0",
            description = "FedProx mu: pull local training towards the global adapter (default ${DEFAULT-VALUE}, off).")
    float proxMu;

    @Option(
            names = "--wire",
            defaultValue = "F32",
            description =
                    "Element type of delta uploads: F32, F16, BF16 or I8 (8-bit, per-tensor scale, stochastic rounding) (default ${DEFAULT-VALUE}).")
    SafetensorsDtype wire;

    @Option(
            names = "--personal",
            description =
                    "Keep this plant's own patch projection and heads (the aggregator runs with --personalised); saved in the store directory.")
    boolean personal;

    @Option(
            names = "--ditto",
            paramLabel = "LAMBDA",
            description =
                    "Ditto personalisation: also train a personal adapter pulled towards each global version with this lambda, and serve it; saved in the store directory.")
    Float ditto;

    @Option(
            names = "--adapt-rounds",
            paramLabel = "K",
            description =
                    "Local adaptation: serve each global version after the 0..K rounds of local work that score best on this plant's held-out engines (FedAvg + validated fine-tuning).")
    Integer adaptRounds;

    @Option(
            names = "--swa-rounds",
            paramLabel = "K",
            defaultValue = "1",
            description =
                    "Serve (and, with --adapt-rounds, adapt) the mean of the last K global versions: stochastic weight averaging over rounds, no extra traffic (default ${DEFAULT-VALUE}: the newest alone).")
    int swaRounds;

    @Option(
            names = "--kafka",
            defaultValue = "${env:PDM_KAFKA}",
            description =
                    "PDM_KAFKA. Kafka bootstrap servers: announce each new adapter version on pdm.{plant}.model-updates.v1 (default: not announced).")
    String kafka;

    @Option(
            names = "--serve-port",
            description = "Serve the current adapter to the plant's inference service on this port (HTTP, loopback).")
    Integer servePort;

    @Option(names = "--poll", defaultValue = "5s", description = "Poll interval (default ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(
            names = "--rounds",
            description = "Stop after contributing to this many rounds and print the test evaluation.")
    Integer rounds;

    @Option(
            names = "--dp-epsilon",
            description =
                    "Differential privacy: the plant's ε budget (δ 1e-5); needs --dp-noise (plant-level) or --dp-sgd-noise (per window).")
    Double dpEpsilon;

    @Option(
            names = "--dp-noise",
            description = "Plant-level DP: noise multiplier of the Gaussian mechanism on the whole delta.")
    Double dpNoise;

    @Option(
            names = "--dp-clip",
            defaultValue = "1.0",
            description = "L2 bound of a delta under plant-level DP (default ${DEFAULT-VALUE}).")
    double dpClip;

    @Option(
            names = "--dp-sgd-noise",
            description = "DP-SGD: noise multiplier on each batch's sum of clipped window gradients.")
    Double dpSgdNoise;

    @Option(
            names = "--dp-sgd-clip",
            defaultValue = "10",
            description = "DP-SGD: L2 bound of each window's gradient (default ${DEFAULT-VALUE}).")
    double dpSgdClip;

    @Override
    public Integer call() throws Exception {
        PlantSettings settings = settings();
        try (PlantService service = PlantService.start(settings);
                ManagementEndpoint endpoint = management(service)) {
            System.out.printf(
                    "plant %s (%s) polling %s every %s%n",
                    service.plant(), service.dataName(), settings.aggregator(), settings.poll());
            if (endpoint != null)
                System.out.printf(
                        "probes and /actuator/prometheus on http://%s:%d%n", management.bind(), endpoint.port());
            PlantService.Evaluation evaluation = service.awaitContributions(rounds == null ? Long.MAX_VALUE : rounds);
            System.out.println(evaluation.describe());
        }
        return 0;
    }

    @Mixin
    KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Mixin
    ManagementOptions management = new ManagementOptions();

    /** The management port with the trainer's meters, or null without {@code --management-port}. */
    ManagementEndpoint management(PlantService service) {
        if (!management.enabled()) return null;
        PrometheusMeterRegistry meters = ManagementOptions.registry();
        PlantMetrics.bind(service, meters);
        return ManagementEndpoint.start(new InetSocketAddress(management.bind(), management.port()), meters);
    }

    /** The options as the service's settings; a combination it cannot run is a usage error naming the options. */
    PlantSettings settings() {
        return new PlantSettings(
                aggregator,
                keyStore,
                trustStore,
                password,
                plant,
                base,
                data(),
                store,
                new LocalWork(localSteps, batch, learningRate, seed).withProximalMu(proxMu),
                wire,
                personalisation(),
                privacy(),
                kafka,
                servePort,
                poll,
                kafkaSecurity.security(),
                swaRounds);
    }

    private Data data() {
        if (jdbc != null) {
            if (cmapss != null || subset != null) {
                throw usage("--jdbc and --cmapss/--subset are two data sources; choose one");
            }
            return storedLives ? storedLives() : new Data.Store(jdbc, endOfLife);
        }
        if (storedLives) {
            throw usage("--stored-lives reads the plant's store: add --jdbc URL (or PDM_JDBC)");
        }
        if (cmapss == null || subset == null) {
            throw usage("give --cmapss and --subset, or --jdbc");
        }
        return new Data.Cmapss(cmapss, subset);
    }

    /**
     * The lives of the base's asset type in the plant's store, as the demo's trainers read them: the type comes from
     * the base's protocol, so a plant cannot train a base on another machine kind's lives.
     */
    private Data storedLives() {
        LifeProtocol protocol;
        try {
            protocol = LifeProtocol.read(base);
        } catch (ProtocolMismatchException | java.io.IOException e) {
            throw usage("--stored-lives needs a life base that records its asset type (" + LifeProtocol.FILE
                    + ", written by pdm model pretrain --asset-type): " + e.getMessage());
        }
        if (epochs < 1) throw usage("--epochs must be at least 1, was " + epochs);
        boolean endGiven = spec.commandLine().getParseResult().hasMatchedOption("--end-of-life");
        return new Data.StoredLives(
                jdbc, protocol.assetType(), endGiven ? endOfLife : StoredLives.CORRECTIVE, runningChannel, epochs);
    }

    private Personalisation personalisation() {
        if ((personal ? 1 : 0) + (ditto != null ? 1 : 0) + (adaptRounds != null ? 1 : 0) > 1) {
            throw usage("--personal, --ditto and --adapt-rounds are three kinds of personalisation; choose one");
        }
        if (adaptRounds != null) return new Personalisation.ValidatedAdaptation(adaptRounds);
        if (ditto != null) return new Personalisation.Ditto(ditto);
        return personal ? new Personalisation.PersonalModules() : new Personalisation.None();
    }

    private Privacy privacy() {
        if (dpEpsilon == null) {
            if (dpNoise != null || dpSgdNoise != null) {
                throw usage("DP needs a budget: add --dp-epsilon");
            }
            return new Privacy.None();
        }
        if ((dpNoise == null) == (dpSgdNoise == null)) {
            throw usage("--dp-epsilon needs exactly one of --dp-noise (plant-level) and --dp-sgd-noise (DP-SGD)");
        }
        return dpNoise != null
                ? new Privacy.DeltaNoise(dpEpsilon, dpNoise, dpClip)
                : new Privacy.DpSgd(dpEpsilon, dpSgdNoise, dpSgdClip);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
