package io.pdm.federated.plant;

import io.pdm.federated.plant.PlantSettings.Data;
import io.pdm.federated.plant.PlantSettings.Personalisation;
import io.pdm.federated.plant.updates.KafkaModelUpdatePublisher;
import io.pdm.federated.plant.updates.ModelUpdatePublisher;
import io.pdm.federated.training.CmapssLoraTraining;
import io.pdm.federated.training.LifeLoraTraining;
import io.pdm.federated.training.LocalTraining;
import io.pdm.federated.training.PlantTraining;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.life.ProtocolMismatchException;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.tensor.TensorDict;
import io.pdm.schemas.kafka.ModelUpdate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One plant's federated trainer, as {@code pdm fl plant} runs it: LoRA fine-tuning of the base model on the plant's
 * history, polling the aggregator for rounds ({@link PlantTrainer}), optionally announcing each new version on Kafka
 * and serving the current adapter to the plant's inference service. {@link #start} starts it; {@link
 * #awaitContributions} lets it take part in a number of rounds and evaluates what it then serves; {@link #close}
 * stops it.
 */
public final class PlantService implements AutoCloseable {
    /** Adaptation subsamples are seeded far from the federated rounds' ones, so they draw other batches. */
    private static final long ADAPTATION_SEED_ROUND = 1L << 32;

    private final PlantSettings settings;
    private final PlantTraining training;
    private final FederatedClient client;
    private final PlantTrainer trainer;
    private final CurrentAdapterEndpoint endpoint;
    /** Closed in reverse order of opening. */
    private final List<AutoCloseable> opened;

    private PlantService(
            PlantSettings settings,
            PlantTraining training,
            FederatedClient client,
            PlantTrainer trainer,
            CurrentAdapterEndpoint endpoint,
            List<AutoCloseable> opened) {
        this.settings = settings;
        this.training = training;
        this.client = client;
        this.trainer = trainer;
        this.endpoint = endpoint;
        this.opened = opened;
    }

    /**
     * Loads the plant's history and the base model, then starts polling (and serving, with a serve port). If any
     * part fails to start, what already started is stopped before the exception propagates.
     */
    public static PlantService start(PlantSettings settings) throws Exception {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            PlantTraining training = training(settings);
            opened.add(training);
            FederatedClient client = new FederatedClient(clientSettings(settings, training));
            opened.add(client);
            PlantTrainer trainer = new PlantTrainer(client).start(settings.poll());
            opened.add(trainer);
            CurrentAdapterEndpoint endpoint = null;
            if (settings.servePort() != null) {
                endpoint = CurrentAdapterEndpoint.start(
                        client, new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.servePort()));
                opened.add(endpoint);
            }
            return new PlantService(settings, training, client, trainer, endpoint, opened);
        } catch (Exception | Error e) {
            closeAll(opened, e);
            throw e;
        }
    }

    /**
     * The plant's training for its kind of data: C-MAPSS engines, or lives of the base's asset type. Public so that a
     * command's settings can be shown to reach their data source without an aggregator.
     */
    public static PlantTraining training(PlantSettings settings) throws IOException {
        if (settings.data() instanceof Data.Engines engines) {
            return CmapssLoraTraining.forPlant(
                    settings.base(), engines.history(settings.plant()), settings.localWork());
        }
        Data.StoredLives lives = (Data.StoredLives) settings.data();
        LifeProtocol protocol = LifeProtocol.read(settings.base());
        if (!protocol.assetType().equals(lives.assetType())) {
            throw new ProtocolMismatchException("plant " + settings.plant() + " trains " + lives.assetType()
                    + " lives but the base " + settings.base() + " is for " + protocol.assetType());
        }
        var history = lives.history(settings.plant());
        return new LifeLoraTraining(
                settings.plant(), settings.base(), p -> history.read(p).lives(), settings.localWork(), lives.epochs());
    }

    /** The asset type announced with each version: the lives' type, or none for C-MAPSS engines. */
    private static String assetType(PlantSettings settings) {
        return settings.data() instanceof Data.StoredLives lives ? lives.assetType() : null;
    }

    private static FederatedClientSettings clientSettings(PlantSettings settings, PlantTraining training) {
        String assetType = assetType(settings);
        ModelUpdatePublisher kafka = settings.kafka() == null
                ? ModelUpdatePublisher.NONE
                : new KafkaModelUpdatePublisher(
                        settings.kafka(), settings.kafkaSecurity().applyTo(Map.of()), Duration.ofSeconds(30));
        ModelUpdatePublisher updates = assetType == null ? kafka : withAssetType(kafka, assetType);
        return new FederatedClientSettings(
                settings.aggregator(),
                settings.keyStore(),
                settings.password(),
                settings.trustStore(),
                settings.password(),
                settings.plant(),
                localTraining(settings, training),
                settings.store(),
                training.baseHash(),
                settings.privacy().clientSide(training.work(), training.windowCount()),
                updates,
                Duration.ofMinutes(5),
                settings.wire(),
                settings.averagedVersions());
    }

    /** Announcements that name the asset type, so the inference service knows which assets the adapter serves. */
    static ModelUpdatePublisher withAssetType(ModelUpdatePublisher inner, String assetType) {
        return new ModelUpdatePublisher() {
            @Override
            public void publish(ModelUpdate u) {
                inner.publish(new ModelUpdate(
                        u.plant(),
                        u.version(),
                        u.round(),
                        u.adapterDirectory(),
                        u.weightsSha256(),
                        u.contributingPlants(),
                        u.publishedAt(),
                        u.baseModelSha256(),
                        assetType));
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    /** The plant's training, wrapped for the personalisation it serves. */
    static LocalTraining localTraining(PlantSettings settings, PlantTraining training) {
        Path storeDir = settings.store();
        Personalisation personalisation = settings.personalisation();
        if (personalisation instanceof Personalisation.ValidatedAdaptation adaptation) {
            return new ValidatedAdaptation(training, adaptation.maxRounds(), ADAPTATION_SEED_ROUND);
        }
        if (personalisation instanceof Personalisation.Ditto ditto) {
            return new DittoTraining(
                    training,
                    ditto.lambda(),
                    new TensorStateFile(storeDir.resolve("ditto-personal-adapter.safetensors")));
        }
        if (personalisation instanceof Personalisation.PersonalModules) {
            // The plant's own modules start as the base model's and are kept in the store across restarts.
            LoraConfig full = LoraConfig.of(1, 2, 0.05, settings.base().toString());
            TensorDict heads = PersonalisedTraining.personalPart(
                    training.freshAdapter(full, settings.work().seed()).weights());
            return PersonalisedTraining.persistent(
                    training, heads, full.modulesToSave(), storeDir.resolve("personal-modules.safetensors"));
        }
        return training;
    }

    public String plant() {
        return settings.plant();
    }

    /** The name of the plant's data, e.g. the C-MAPSS subset or the plant of a store. */
    public String dataName() {
        return training.name();
    }

    public FederatedClient client() {
        return client;
    }

    /** The port the current adapter is served on, or -1 when it is not served. */
    public int servingPort() {
        return endpoint == null ? -1 : endpoint.port();
    }

    /** Rounds this plant contributed a delta to so far. */
    public long contributions() {
        return participations(Participation.Contributed.class);
    }

    /** Rounds whose participation came out as {@code kind} so far (for {@link PlantMetrics}). */
    long participations(Class<? extends Participation> kind) {
        return trainer.participations().stream().filter(kind::isInstance).count();
    }

    /**
     * Waits until the plant contributed to {@code rounds} rounds, stops polling, waits for the last of them to close
     * (the other plants may still be training), syncs the newest version and evaluates the adapter the plant now
     * serves: on the plant's test set when its history has one, else on its held-out lives.
     */
    public Evaluation awaitContributions(long rounds) throws InterruptedException {
        if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1: " + rounds);
        while (contributions() < rounds) {
            failIfRefused();
            Thread.sleep(settings.poll().toMillis());
        }
        trainer.close();
        List<Participation> participations = trainer.participations();
        long lastRound = participations.get(participations.size() - 1).round();
        while ("OPEN".equals(client.aggregator().round(lastRound).status())) {
            Thread.sleep(settings.poll().toMillis());
        }
        AdapterStore.StoredAdapter latest = client.syncLatest();
        var served = client.servedAdapter().orElseThrow();
        return training.hasTestSet()
                ? new Evaluation(
                        plant(), latest.version(), settings.personalisation(), training.evaluate(served), Double.NaN)
                : new Evaluation(
                        plant(), latest.version(), settings.personalisation(), null, training.validationLoss(served));
    }

    /**
     * Fails when the aggregator refuses the plant itself (revoked or unregistered certificate, a key not bound to
     * it): waiting would never end, since no number of polls changes the plant's identity.
     */
    private void failIfRefused() {
        var atPoll = trainer.refusal();
        if (atPoll.isPresent()) {
            AggregatorRejectedException e = atPoll.get();
            throw new PlantRefusedException(plant(), e.status(), e.reason(), e.getMessage(), e);
        }
        for (Participation p : trainer.participations()) {
            if (p instanceof Participation.Refused refused
                    && refused.reason() != null
                    && PlantTrainer.refusesPlant(refused.reason().status())) {
                throw new PlantRefusedException(
                        plant(),
                        refused.reason().status(),
                        refused.reason(),
                        "round " + refused.round() + ": " + refused.detail(),
                        null);
            }
        }
    }

    /** Stops serving and polling, closes the client and releases the model. */
    @Override
    public void close() {
        closeAll(opened, null);
    }

    private static void closeAll(List<AutoCloseable> opened, Throwable cause) {
        List<AutoCloseable> reversed = new ArrayList<>(opened);
        Collections.reverse(reversed);
        RuntimeException failure = null;
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                if (cause != null) cause.addSuppressed(e);
                else if (failure == null) failure = new IllegalStateException("stopping the plant failed", e);
                else failure.addSuppressed(e);
            }
        }
        opened.clear();
        if (failure != null) throw failure;
    }

    /**
     * What the plant serves after its rounds, and how well it predicts.
     *
     * @param testSet      the evaluation on the plant's test set, or null when its history has none
     * @param heldOutRmse  RMSE on the plant's held-out lives when there is no test set, else NaN
     */
    public record Evaluation(
            String plant, long version, Personalisation personalisation, RulEvaluation testSet, double heldOutRmse) {

        /** The line {@code pdm fl plant --rounds N} prints. */
        public String describe() {
            String kind = personalisation instanceof Personalisation.PersonalModules
                    ? " + personal modules"
                    : personalisation instanceof Personalisation.Ditto
                            ? " (Ditto personal adapter)"
                            : personalisation instanceof Personalisation.ValidatedAdaptation
                                    ? " (validated local adaptation)"
                                    : "";
            return testSet != null
                    ? String.format("adapter version %d%s on %s's test set: %s", version, kind, plant, testSet)
                    : String.format(
                            Locale.ROOT,
                            "adapter version %d%s: RMSE %.2f on %s's held-out lives",
                            version,
                            kind,
                            heldOutRmse,
                            plant);
        }
    }
}
