package io.pdm.federated.plant;

import io.pdm.federated.dp.GaussianDeltaMechanism;
import io.pdm.federated.dp.PrivacyBudgetExceededException;
import io.pdm.federated.pki.KeyBindingException;
import io.pdm.federated.pki.RevocationCheck;
import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.DeltaMetadata;
import io.pdm.federated.protocol.Int8Deltas;
import io.pdm.federated.protocol.PublishedAdapter;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.training.LocalTraining;
import io.pdm.model.io.Safetensors;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import io.pdm.schemas.kafka.ModelUpdate;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plant's federated-learning client: takes part in a round (fetch the global version, train locally, clip and
 * noise if configured, upload the delta under PEFT names), keeps the published versions on disk and announces each
 * new current version. Methods are synchronized: one plant runs one round at a time.
 */
public final class FederatedClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FederatedClient.class);

    private final FederatedClientSettings settings;
    private final AggregatorClient aggregator;
    private final AdapterStore store;
    private final PrivacyLedger ledger;
    private final SecureRandom random = new SecureRandom();

    public FederatedClient(FederatedClientSettings settings) {
        this.settings = settings;
        this.aggregator = new AggregatorClient(
                settings.aggregatorUrl(),
                // the admin's CRL beside the trust store, when there is one: an aggregator whose certificate is
                // revoked is refused in the handshake
                TlsContexts.fromPkcs12(
                        settings.keyStore(),
                        settings.keyStorePassword().toCharArray(),
                        settings.trustStore(),
                        settings.trustStorePassword().toCharArray(),
                        TlsContexts.revocationListBeside(settings.trustStore())),
                settings.requestTimeout());
        this.store = new AdapterStore(settings.adapterStore(), settings.baseModelHash());
        this.ledger = settings.privacy() == null
                ? null
                : new PrivacyLedger(
                        settings.adapterStore().resolve("privacy-spent-rounds"), settings.plant(), settings.privacy());
    }

    public String plant() {
        return settings.plant();
    }

    public AggregatorClient aggregator() {
        return aggregator;
    }

    public AdapterStore store() {
        return store;
    }

    public Optional<RoundAnnouncement> currentRound() {
        return aggregator.currentRound();
    }

    public synchronized Optional<Participation> participateInCurrentRound() {
        return currentRound().map(this::participate);
    }

    public synchronized Participation participate(RoundAnnouncement round) {
        if (settings.baseModelHash() != null && !settings.baseModelHash().equals(round.baseModelHash())) {
            return new Participation.Declined(
                    round.round(),
                    "round is on base model " + round.baseModelHash() + ", this plant runs "
                            + settings.baseModelHash());
        }
        TensorDict global =
                AdapterArithmetic.toPeftAdapter(fetch(round.baseVersion())).weights();
        LocalTraining.Result trained = settings.training().train(global, round);
        TensorDict delta = trained.adapter().minus(global);
        if (ledger != null) {
            try {
                ledger.charge();
            } catch (PrivacyBudgetExceededException e) {
                LOG.info("plant {} sits out round {}: {}", plant(), round.round(), e.getMessage());
                return new Participation.Declined(round.round(), e.getMessage());
            }
        }
        delta = delta.unflatten(protect(delta.flatten(), round));
        ClientSidePrivacy privacy = settings.privacy();
        DeltaMetadata metadata = new DeltaMetadata(
                plant(),
                round.round(),
                round.baseModelHash(),
                trained.exampleCount(),
                nonce(),
                privacy == null ? null : privacy.clipNorm(),
                privacy == null ? null : privacy.noiseMultiplier(),
                privacy == null ? null : privacy.unit());
        try {
            if (round.mode() == AggregationMode.SECURE) {
                SigningCredential signing = signingCredential();
                new SecureContribution(aggregator, random, signing, peerRevocation(signing))
                        .run(round, delta.flatten(), metadata);
            } else {
                aggregator.uploadDelta(round.round(), plant(), plainUpload(delta, metadata, round));
            }
        } catch (AggregatorRejectedException e) {
            return new Participation.Refused(round.round(), e.reason(), e.getMessage());
        } catch (KeyBindingException e) { // a substituted peer key: leave the round before any key is used
            LOG.error("plant {} leaves secure round {}: {}", plant(), round.round(), e.getMessage());
            return new Participation.Declined(round.round(), e.getMessage());
        }
        return new Participation.Contributed(round.round(), trained.exampleCount(), delta.l2Norm());
    }

    /**
     * Fetches the newest global version if it is not current yet, announces it and then makes it current; if the
     * announcement fails the version stays stored but not current, so the next sync announces it again.
     */
    public synchronized AdapterStore.StoredAdapter syncLatest() {
        long latest = aggregator.latestAdapter().version();
        Optional<AdapterStore.StoredAdapter> current = store.current();
        if (current.isPresent() && current.get().version() >= latest) {
            return current.get();
        }
        PublishedAdapter adapter = fetch(latest);
        AdapterStore.StoredAdapter stored = store.store(adapter);
        // Prepare what the plant will serve for this version here, on the trainer's thread: a validated adaptation
        // trains for seconds, which must not land on the inference service's first request after the switch.
        settings.training().served(globalToServe(latest));
        settings.updates()
                .publish(new ModelUpdate(
                        plant(),
                        latest,
                        adapter.lineage().round(),
                        stored.directory().toString(),
                        adapter.weightsSha256(),
                        adapter.lineage().contributingPlants(),
                        adapter.lineage().publishedAt(),
                        settings.baseModelHash(),
                        null));
        store.makeCurrent(latest);
        LOG.info("plant {} now runs adapter version {}", plant(), latest);
        return stored;
    }

    /**
     * The PLAIN upload's bytes: safetensors in the plant's wire type; I8 is {@link Int8Deltas}' stochastic rounding
     * with per-tensor scales, kept within the round's norm bound after rounding.
     */
    private byte[] plainUpload(TensorDict delta, DeltaMetadata metadata, RoundAnnouncement round) {
        TensorDict named = AdapterArithmetic.peftNamed(delta);
        if (settings.deltaPrecision() == SafetensorsDtype.I8) {
            return Int8Deltas.encode(Int8Deltas.quantiseWithin(named, round.maxDeltaNorm(), random), metadata.toMap());
        }
        return Safetensors.encode(named, metadata.toMap(), settings.deltaPrecision());
    }

    /** The CRL beside the trust store, if any, for the peers' certificates in a secure round's key directory. */
    private RevocationCheck peerRevocation(SigningCredential signing) {
        return RevocationCheck.of(TlsContexts.revocationListBeside(settings.trustStore()), signing.trustedCas());
    }

    private SigningCredential signingCredential() {
        return SigningCredential.fromPkcs12(
                settings.keyStore(),
                settings.keyStorePassword().toCharArray(),
                settings.trustStore(),
                settings.trustStorePassword().toCharArray());
    }

    public Optional<AdapterStore.StoredAdapter> currentAdapter() {
        return store.current();
    }

    /**
     * What this plant's inference runs: the current global version as its {@link LocalTraining} serves it (with a
     * personalised training, the global shared part plus the plant's own modules).
     */
    public synchronized Optional<PeftAdapter> servedAdapter() {
        return store.current().map(current -> settings.training().served(globalToServe(current.version())));
    }

    /**
     * The global adapter this plant serves (and adapts) for {@code version}: the version itself, or with
     * {@link FederatedClientSettings#averagedVersions()} K > 1 the mean of the last K versions
     * ({@link RoundAveraging}), read from the store (fetched once if this plant missed a round).
     */
    public synchronized PeftAdapter globalToServe(long version) {
        if (settings.averagedVersions() == 1) {
            fetch(version);
            return store.stored(version).orElseThrow().load();
        }
        return RoundAveraging.mean(RoundAveraging.versions(version, settings.averagedVersions()).stream()
                .map(v -> AdapterArithmetic.toPeftAdapter(fetch(v)))
                .toList());
    }

    /** Whether this plant serves another adapter than the newest global version (personal modules, Ditto, adaptation, averaging). */
    public boolean personalises() {
        // the mean of the last K versions is not any published version either, so it is served like a personal one
        return settings.training().personalises() || settings.averagedVersions() > 1;
    }

    /**
     * With client-side DP: clip and noise. Without: clip to the round's norm bound, which the aggregator would
     * otherwise refuse, so a large local step still contributes its direction. Rounding to F16/BF16 on the wire can
     * grow the norm by up to half an ulp per coordinate, so lower-precision uploads clip with that margin.
     */
    private float[] protect(float[] delta, RoundAnnouncement round) {
        // I8 keeps its own bound after rounding (Int8Deltas.quantiseWithin)
        double margin =
                settings.deltaPrecision() == SafetensorsDtype.F32 || settings.deltaPrecision() == SafetensorsDtype.I8
                        ? 1
                        : 1 - 1.0 / 128;
        if (settings.privacy() != null) {
            return settings.privacy().protect(delta, round.maxDeltaNorm() * margin, random);
        }
        return new GaussianDeltaMechanism(round.maxDeltaNorm() * margin, 0).clip(delta);
    }

    private PublishedAdapter fetch(long version) {
        return store.published(version).orElseGet(() -> {
            PublishedAdapter adapter = aggregator.adapter(version);
            store.store(adapter);
            return adapter;
        });
    }

    private String nonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        settings.updates().close();
    }
}
