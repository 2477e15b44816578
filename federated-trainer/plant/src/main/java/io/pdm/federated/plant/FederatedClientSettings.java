package io.pdm.federated.plant;

import io.pdm.federated.plant.updates.ModelUpdatePublisher;
import io.pdm.federated.training.LocalTraining;
import io.pdm.model.io.SafetensorsDtype;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A plant's side of federated learning.
 *
 * @param keyStore        PKCS12 with the plant's client certificate and key
 * @param trustStore      PKCS12 with the CA the aggregator's certificate chains to
 * @param adapterStore    directory of the plant's adapter versions
 * @param baseModelHash   hex SHA-256 of the plant's base model; rounds on another base are skipped. Null: trust
 *                        the announcement (tests, or plants that fetch the base model by hash)
 * @param privacy         client-side differential privacy, or null for none
 * @param updates         where new current versions are announced ({@link ModelUpdatePublisher#NONE} for nowhere)
 * @param deltaPrecision  element type of PLAIN delta uploads: F32, F16/BF16 to halve them (the aggregator
 *                        up-casts to float32 on reading), or I8 to quarter them ({@code Int8Deltas}: per-tensor scale,
 *                        stochastic rounding; the aggregator dequantises); SECURE rounds use their own fixed-point
 *                        encoding
 * @param averagedVersions the plant serves (and adapts, with validated adaptation) the mean of the last this many
 *                        global versions rather than the newest alone ({@link RoundAveraging}); 1 for the newest
 */
public record FederatedClientSettings(
        URI aggregatorUrl,
        Path keyStore,
        String keyStorePassword,
        Path trustStore,
        String trustStorePassword,
        String plant,
        LocalTraining training,
        Path adapterStore,
        String baseModelHash,
        ClientSidePrivacy privacy,
        ModelUpdatePublisher updates,
        Duration requestTimeout,
        SafetensorsDtype deltaPrecision,
        int averagedVersions) {

    public FederatedClientSettings {
        Objects.requireNonNull(aggregatorUrl, "aggregatorUrl");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(adapterStore, "adapterStore");
        Objects.requireNonNull(updates, "updates");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(deltaPrecision, "deltaPrecision");
        if (averagedVersions < 1) {
            throw new IllegalArgumentException("averagedVersions must be >= 1, was " + averagedVersions);
        }
    }

    /** Serving the newest global version as it is. */
    public FederatedClientSettings(
            URI aggregatorUrl,
            Path keyStore,
            String keyStorePassword,
            Path trustStore,
            String trustStorePassword,
            String plant,
            LocalTraining training,
            Path adapterStore,
            String baseModelHash,
            ClientSidePrivacy privacy,
            ModelUpdatePublisher updates,
            Duration requestTimeout,
            SafetensorsDtype deltaPrecision) {
        this(
                aggregatorUrl,
                keyStore,
                keyStorePassword,
                trustStore,
                trustStorePassword,
                plant,
                training,
                adapterStore,
                baseModelHash,
                privacy,
                updates,
                requestTimeout,
                deltaPrecision,
                1);
    }

    /** No privacy, no base-model check, no update announcements, 30 s request timeout, F32 uploads. */
    public static FederatedClientSettings of(
            URI aggregatorUrl,
            Path keyStore,
            Path trustStore,
            String storePassword,
            String plant,
            LocalTraining training,
            Path adapterStore) {
        return new FederatedClientSettings(
                aggregatorUrl,
                keyStore,
                storePassword,
                trustStore,
                storePassword,
                plant,
                training,
                adapterStore,
                null,
                null,
                ModelUpdatePublisher.NONE,
                Duration.ofSeconds(30),
                SafetensorsDtype.F32);
    }

    public FederatedClientSettings withPrivacy(ClientSidePrivacy newPrivacy) {
        return new FederatedClientSettings(
                aggregatorUrl,
                keyStore,
                keyStorePassword,
                trustStore,
                trustStorePassword,
                plant,
                training,
                adapterStore,
                baseModelHash,
                newPrivacy,
                updates,
                requestTimeout,
                deltaPrecision,
                averagedVersions);
    }

    public FederatedClientSettings withUpdates(ModelUpdatePublisher newUpdates) {
        return new FederatedClientSettings(
                aggregatorUrl,
                keyStore,
                keyStorePassword,
                trustStore,
                trustStorePassword,
                plant,
                training,
                adapterStore,
                baseModelHash,
                privacy,
                newUpdates,
                requestTimeout,
                deltaPrecision,
                averagedVersions);
    }

    public FederatedClientSettings withDeltaPrecision(SafetensorsDtype precision) {
        return new FederatedClientSettings(
                aggregatorUrl,
                keyStore,
                keyStorePassword,
                trustStore,
                trustStorePassword,
                plant,
                training,
                adapterStore,
                baseModelHash,
                privacy,
                updates,
                requestTimeout,
                precision,
                averagedVersions);
    }

    public FederatedClientSettings withAveragedVersions(int versions) {
        return new FederatedClientSettings(
                aggregatorUrl,
                keyStore,
                keyStorePassword,
                trustStore,
                trustStorePassword,
                plant,
                training,
                adapterStore,
                baseModelHash,
                privacy,
                updates,
                requestTimeout,
                deltaPrecision,
                versions);
    }
}
