package io.pdm.federated.plant;

import io.pdm.federated.dp.GaussianDeltaMechanism;
import io.pdm.federated.training.LocalWork;
import io.pdm.federated.training.history.CmapssHistory;
import io.pdm.federated.training.history.PlantHistory;
import io.pdm.federated.training.history.StoredRuns;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.schemas.KafkaSecurity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@link PlantService} needs to run one plant's federated trainer ({@code pdm fl plant}). The kinds of
 * personalisation, privacy and data source are sealed types, so a combination the trainer cannot run (two kinds of
 * personalisation, DP without a budget) cannot be expressed; the command line checks its options into them.
 *
 * @param trustStore PKCS12 trust store; null means {@code truststore.p12} beside the key store
 * @param plant      the plant's id; null means the key store's file name without {@code .p12}
 * @param base       base model directory (its hash pins the rounds the plant joins)
 * @param store      adapter versions directory; null means {@code ./fl-PLANT}
 * @param work       local work per round (steps, batch, learning rate, seed, FedProx μ); DP-SGD comes from
 *                   {@code privacy}
 * @param wire       element type of plain delta uploads
 * @param kafka      bootstrap servers to announce each new version on {@code pdm.{plant}.model-updates.v1}, or
 *                   null for none
 * @param servePort  loopback port to serve the current adapter to the plant's inference service, or null for none
 * @param poll       how often the trainer asks the aggregator for an open round
 * @param kafkaSecurity how the model-update producer connects to Kafka (TLS, mTLS, SCRAM); PLAINTEXT by default
 * @param averagedVersions serve (and adapt) the mean of the last this many global versions ({@link RoundAveraging});
 *                   1, the default, serves the newest alone
 */
public record PlantSettings(
        URI aggregator,
        Path keyStore,
        Path trustStore,
        String password,
        String plant,
        Path base,
        Data data,
        Path store,
        LocalWork work,
        SafetensorsDtype wire,
        Personalisation personalisation,
        Privacy privacy,
        String kafka,
        Integer servePort,
        Duration poll,
        KafkaSecurity kafkaSecurity,
        int averagedVersions) {

    /** Serving the newest global version alone. */
    public PlantSettings(
            URI aggregator,
            Path keyStore,
            Path trustStore,
            String password,
            String plant,
            Path base,
            Data data,
            Path store,
            LocalWork work,
            SafetensorsDtype wire,
            Personalisation personalisation,
            Privacy privacy,
            String kafka,
            Integer servePort,
            Duration poll,
            KafkaSecurity kafkaSecurity) {
        this(
                aggregator,
                keyStore,
                trustStore,
                password,
                plant,
                base,
                data,
                store,
                work,
                wire,
                personalisation,
                privacy,
                kafka,
                servePort,
                poll,
                kafkaSecurity,
                1);
    }

    /** PLAINTEXT Kafka. */
    public PlantSettings(
            URI aggregator,
            Path keyStore,
            Path trustStore,
            String password,
            String plant,
            Path base,
            Data data,
            Path store,
            LocalWork work,
            SafetensorsDtype wire,
            Personalisation personalisation,
            Privacy privacy,
            String kafka,
            Integer servePort,
            Duration poll) {
        this(
                aggregator,
                keyStore,
                trustStore,
                password,
                plant,
                base,
                data,
                store,
                work,
                wire,
                personalisation,
                privacy,
                kafka,
                servePort,
                poll,
                KafkaSecurity.PLAINTEXT);
    }

    /** δ of every plant-side privacy budget. */
    public static final double DP_DELTA = 1e-5;

    public PlantSettings {
        Objects.requireNonNull(aggregator, "aggregator");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(personalisation, "personalisation");
        Objects.requireNonNull(privacy, "privacy");
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        if (averagedVersions < 1) {
            throw new IllegalArgumentException("averagedVersions must be >= 1, was " + averagedVersions);
        }
        if (work.dpSgd() != null) {
            throw new IllegalArgumentException("DP-SGD is set through privacy, so its budget is accounted for");
        }
        plant = plant != null ? plant : keyStore.getFileName().toString().replaceFirst("\\.p12$", "");
        trustStore = trustStore != null ? trustStore : keyStore.resolveSibling("truststore.p12");
        store = store != null ? store : Path.of("fl-" + plant);
    }

    /** The local work as the trainer runs it: with per-window clipping and noise under DP-SGD. */
    public LocalWork localWork() {
        return privacy instanceof Privacy.DpSgd sgd
                ? work.withDpSgd(new LocalWork.DpSgd(sgd.clipNorm(), sgd.noiseMultiplier()))
                : work;
    }

    /** Where the plant's run-to-failure history comes from. */
    public sealed interface Data {

        /** C-MAPSS-shaped engines for a C-MAPSS base ({@code CmapssLoraTraining}). */
        sealed interface Engines extends Data {
            /** The plant's history, read lazily by the training. */
            PlantHistory history(String plant);
        }

        /**
         * Lives of one asset type from the plant's store for a base of that type ({@code io.pdm.model.life}, e.g. the
         * demo's pump base): the feature windows the feature pipeline stored, cut at corrective maintenance entries
         * ({@link io.pdm.federated.training.history.StoredLives}) and re-read before every round.
         *
         * @param assetType      the type the plant trains; the base's {@code pdm_protocol.json} must name the same
         * @param endOfLife      maintenance actions that end a life (REPLACEMENT and REPAIR for the simulator's pumps)
         * @param runningChannel a feature above zero only while the asset ran throughout the window, or null
         * @param epochs         passes over each round's subsample of windows
         */
        record StoredLives(String jdbcUrl, String assetType, Set<String> endOfLife, String runningChannel, int epochs)
                implements Data {
            public StoredLives {
                Objects.requireNonNull(jdbcUrl, "jdbcUrl");
                Objects.requireNonNull(assetType, "assetType");
                endOfLife = Set.copyOf(endOfLife);
                if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1: " + epochs);
            }

            public io.pdm.federated.training.history.StoredLives history(String plant) {
                return new io.pdm.federated.training.history.StoredLives(jdbcUrl, plant, endOfLife, runningChannel);
            }
        }

        /** The benchmark path: the private engines of one C-MAPSS subset. */
        record Cmapss(Path dir, String subset) implements Engines {
            public Cmapss {
                Objects.requireNonNull(dir, "dir");
                Objects.requireNonNull(subset, "subset");
            }

            @Override
            public PlantHistory history(String plant) {
                return new CmapssHistory(dir, subset);
            }
        }

        /**
         * The streaming path: the readings and maintenance logs the feature pipeline stored for this plant, cut into
         * lives at the maintenance actions in {@code endOfLife}.
         */
        record Store(String jdbcUrl, Set<String> endOfLife) implements Engines {
            public Store {
                Objects.requireNonNull(jdbcUrl, "jdbcUrl");
                endOfLife = Set.copyOf(endOfLife);
            }

            @Override
            public PlantHistory history(String plant) {
                return new StoredRuns(jdbcUrl, plant, endOfLife);
            }
        }
    }

    /** Which adapter the plant serves after each global version. */
    public sealed interface Personalisation {
        /** The global adapter as published (FedAvg, FedProx, ...). */
        record None() implements Personalisation {}

        /**
         * FedPer-style: the plant keeps its own patch projection and heads (the aggregator runs with
         * {@code --personalised}); kept in the store directory across restarts.
         */
        record PersonalModules() implements Personalisation {}

        /** Ditto: a personal adapter pulled towards each global version with this λ, kept in the store directory. */
        record Ditto(float lambda) implements Personalisation {
            public Ditto {
                if (!(lambda >= 0)) throw new IllegalArgumentException("Ditto's lambda must be >= 0: " + lambda);
            }
        }

        /** Each global version after the 0..maxRounds rounds of local work that score best on held-out lives. */
        record ValidatedAdaptation(int maxRounds) implements Personalisation {
            public ValidatedAdaptation {
                if (maxRounds < 0) throw new IllegalArgumentException("adaptation rounds must be >= 0: " + maxRounds);
            }
        }
    }

    /** Plant-side differential privacy, each with its ε budget at δ = {@link #DP_DELTA}. */
    public sealed interface Privacy {
        /** No differential privacy. */
        record None() implements Privacy {}

        /** Plant-level DP: the whole delta is clipped to {@code clipNorm} and noised. */
        record DeltaNoise(double epsilon, double noiseMultiplier, double clipNorm) implements Privacy {}

        /** DP-SGD: each window's gradient is clipped to {@code clipNorm}, noise on each batch's sum. */
        record DpSgd(double epsilon, double noiseMultiplier, double clipNorm) implements Privacy {}

        /**
         * What the client applies and accounts, or null for none.
         *
         * @param work    the plant's local work (batch and steps set DP-SGD's sampling)
         * @param windows the plant's training windows: DP-SGD's sampling rate is batch / windows
         */
        default ClientSidePrivacy clientSide(LocalWork work, int windows) {
            if (this instanceof DeltaNoise d) {
                return new ClientSidePrivacy.DeltaNoise(
                        new GaussianDeltaMechanism(d.clipNorm(), d.noiseMultiplier()), d.epsilon(), DP_DELTA, 1.0);
            }
            if (this instanceof DpSgd s) {
                return new ClientSidePrivacy.DpSgd(
                        s.clipNorm(),
                        s.noiseMultiplier(),
                        Math.min(1.0, (double) work.batch() / windows),
                        work.steps(),
                        s.epsilon(),
                        DP_DELTA);
            }
            return null;
        }
    }
}
