package io.pdm.launcher.fl;

import io.pdm.federated.dp.GaussianDeltaMechanism;
import io.pdm.federated.plant.AdapterStore;
import io.pdm.federated.plant.ClientSidePrivacy;
import io.pdm.federated.plant.CurrentAdapterEndpoint;
import io.pdm.federated.plant.DittoTraining;
import io.pdm.federated.plant.FederatedClient;
import io.pdm.federated.plant.FederatedClientSettings;
import io.pdm.federated.plant.Participation;
import io.pdm.federated.plant.PersonalisedTraining;
import io.pdm.federated.plant.PlantTrainer;
import io.pdm.federated.plant.TensorStateFile;
import io.pdm.federated.plant.ValidatedAdaptation;
import io.pdm.federated.plant.updates.KafkaModelUpdatePublisher;
import io.pdm.federated.plant.updates.ModelUpdatePublisher;
import io.pdm.federated.training.CmapssLoraTraining;
import io.pdm.federated.training.LocalTraining;
import io.pdm.federated.training.LocalWork;
import io.pdm.federated.training.history.CmapssHistory;
import io.pdm.federated.training.history.PlantHistory;
import io.pdm.federated.training.history.StoredRuns;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pdm fl plant}: one plant's federated trainer, polling the aggregator until Ctrl-C or N contributions. */
@Command(
        name = "plant",
        mixinStandardHelpOptions = true,
        description =
                "Take part in federated rounds: LoRA fine-tuning of the base model on this plant's private run-to-failure "
                        + "history, from C-MAPSS files (--cmapss, --subset) or from the plant's store (--jdbc).")
final class PlantCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final long ADAPTATION_SEED_ROUND = 1L << 32;

    @Option(names = "--aggregator", required = true, description = "Aggregator URL, e.g. https://localhost:8443.")
    URI aggregator;

    @Option(
            names = "--keystore",
            required = true,
            description = "The plant's PKCS12 client certificate (PLANT.p12 from `pdm certs init`).")
    Path keyStore;

    @Option(names = "--truststore", description = "PKCS12 trust store (default: truststore.p12 next to the key store).")
    Path trustStore;

    @Option(names = "--password", defaultValue = "changeit")
    String password;

    @Option(names = "--plant", description = "Plant id (default: the key store's file name without .p12).")
    String plant;

    @Option(names = "--base", required = true, description = "Base model directory.")
    Path base;

    @Option(names = "--cmapss", description = "C-MAPSS directory (the benchmark path; with --subset).")
    Path cmapss;

    @Option(names = "--subset", description = "The subset whose private engines this plant trains on, e.g. FD001.")
    String subset;

    @Option(
            names = "--jdbc",
            description =
                    "The plant's store (the streaming path): train on the readings and maintenance logs the feature pipeline stored, e.g. jdbc:postgresql://127.0.0.1:5432/pdm?user=postgres.")
    String jdbc;

    @Option(
            names = "--end-of-life",
            split = ",",
            defaultValue = "REPLACEMENT",
            description = "With --jdbc: maintenance actions that end an asset's life (default ${DEFAULT-VALUE}).")
    java.util.Set<String> endOfLife;

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
            description = "Element type of delta uploads: F32, F16 or BF16 (default ${DEFAULT-VALUE}).")
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
            names = "--kafka",
            description =
                    "Kafka bootstrap servers: announce each new adapter version on pdm.{plant}.model-updates.v1 (default: not announced).")
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
        String id = plant != null ? plant : keyStore.getFileName().toString().replaceFirst("\\.p12$", "");
        Path trust = trustStore != null ? trustStore : keyStore.resolveSibling("truststore.p12");
        LocalWork work = new LocalWork(localSteps, batch, learningRate, seed).withProximalMu(proxMu);
        if (dpSgdNoise != null) {
            work = work.withDpSgd(new LocalWork.DpSgd(dpSgdClip, dpSgdNoise));
        }
        try (CmapssLoraTraining training = CmapssLoraTraining.forPlant(base, history(id), work)) {
            Path storeDir = store != null ? store : Path.of("fl-" + id);
            FederatedClientSettings settings = new FederatedClientSettings(
                    aggregator,
                    keyStore,
                    password,
                    trust,
                    password,
                    id,
                    localTraining(training, storeDir),
                    storeDir,
                    training.baseHash(),
                    privacy(training.windowCount()),
                    kafka == null
                            ? ModelUpdatePublisher.NONE
                            : new KafkaModelUpdatePublisher(kafka, Map.of(), Duration.ofSeconds(30)),
                    Duration.ofMinutes(5),
                    wire);
            try (FederatedClient client = new FederatedClient(settings);
                    PlantTrainer trainer = new PlantTrainer(client).start(poll);
                    AutoCloseable endpoint = servePort == null
                            ? () -> {}
                            : CurrentAdapterEndpoint.start(
                                    client, new InetSocketAddress(InetAddress.getLoopbackAddress(), servePort))) {
                System.out.printf("plant %s (%s) polling %s every %s%n", id, training.name(), aggregator, poll);
                while (rounds == null || contributions(trainer) < rounds) {
                    Thread.sleep(poll.toMillis());
                }
                trainer.close();
                long lastRound = trainer.participations()
                        .get(trainer.participations().size() - 1)
                        .round();
                while ("OPEN".equals(client.aggregator().round(lastRound).status())) {
                    Thread.sleep(poll.toMillis()); // the other plants may still be training
                }
                AdapterStore.StoredAdapter latest = client.syncLatest();
                String kind = personal
                        ? " + personal modules"
                        : ditto != null
                                ? " (Ditto personal adapter)"
                                : adaptRounds != null ? " (validated local adaptation)" : "";
                PeftAdapter served = client.servedAdapter().orElseThrow();
                if (training.hasTestSet()) {
                    System.out.printf(
                            "adapter version %d%s on %s's test set: %s%n",
                            latest.version(), kind, id, training.evaluate(served));
                } else {
                    System.out.printf(
                            java.util.Locale.ROOT,
                            "adapter version %d%s: RMSE %.2f on %s's held-out lives%n",
                            latest.version(),
                            kind,
                            training.validationLoss(served),
                            id);
                }
            }
        }
        return 0;
    }

    private PlantHistory history(String id) {
        if (jdbc != null) {
            if (cmapss != null || subset != null) {
                throw new ParameterException(
                        spec.commandLine(), "--jdbc and --cmapss/--subset are two data sources; choose one");
            }
            return new StoredRuns(jdbc, id, endOfLife);
        }
        if (cmapss == null || subset == null) {
            throw new ParameterException(spec.commandLine(), "give --cmapss and --subset, or --jdbc");
        }
        return new CmapssHistory(cmapss, subset);
    }

    private static long contributions(PlantTrainer trainer) {
        return trainer.participations().stream()
                .filter(Participation.Contributed.class::isInstance)
                .count();
    }

    private LocalTraining localTraining(CmapssLoraTraining training, Path storeDir) {
        if ((personal ? 1 : 0) + (ditto != null ? 1 : 0) + (adaptRounds != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException(
                    "--personal, --ditto and --adapt-rounds are three kinds of personalisation; choose one");
        }
        if (adaptRounds != null) {
            // Adaptation subsamples are seeded far from the federated rounds' ones, so they draw other batches.
            return new ValidatedAdaptation(training, adaptRounds, ADAPTATION_SEED_ROUND);
        }
        if (ditto != null) {
            return new DittoTraining(
                    training, ditto, new TensorStateFile(storeDir.resolve("ditto-personal-adapter.safetensors")));
        }
        return personal ? personalised(training, storeDir) : training;
    }

    /** The plant's own modules start as the base model's and are kept in the store directory across restarts. */
    private PersonalisedTraining personalised(CmapssLoraTraining training, Path storeDir) {
        LoraConfig full = LoraConfig.of(1, 2, 0.05, base.toString());
        TensorDict heads = PersonalisedTraining.personalPart(
                training.freshAdapter(full, seed).weights());
        return PersonalisedTraining.persistent(
                training, heads, full.modulesToSave(), storeDir.resolve("personal-modules.safetensors"));
    }

    /** @param windows the plant's training windows: DP-SGD's sampling rate is batch / windows */
    private ClientSidePrivacy privacy(int windows) {
        if (dpEpsilon == null) {
            if (dpNoise != null || dpSgdNoise != null) {
                throw new IllegalArgumentException("DP needs a budget: add --dp-epsilon");
            }
            return null;
        }
        if ((dpNoise == null) == (dpSgdNoise == null)) {
            throw new IllegalArgumentException(
                    "--dp-epsilon needs exactly one of --dp-noise (plant-level) and --dp-sgd-noise (DP-SGD)");
        }
        return dpNoise != null
                ? new ClientSidePrivacy.DeltaNoise(new GaussianDeltaMechanism(dpClip, dpNoise), dpEpsilon, 1e-5, 1.0)
                : new ClientSidePrivacy.DpSgd(
                        dpSgdClip, dpSgdNoise, Math.min(1.0, (double) batch / windows), localSteps, dpEpsilon, 1e-5);
    }
}
