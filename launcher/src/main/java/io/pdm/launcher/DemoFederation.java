package io.pdm.launcher;

import io.pdm.embedded.DataDirs;
import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.AggregatorMetrics;
import io.pdm.federated.aggregator.AggregatorSettings;
import io.pdm.federated.aggregator.round.Database;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.aggregator.round.RoundStatus;
import io.pdm.federated.pki.DevPki;
import io.pdm.federated.plant.PlantService;
import io.pdm.federated.plant.PlantSettings;
import io.pdm.federated.training.LocalWork;
import io.pdm.federated.training.SeedAdapters;
import io.pdm.federated.training.history.LifeCuts;
import io.pdm.federated.training.history.StoredLives;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.lora.LoraConfig;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's federation: a dev PKI, one aggregator with the pump base, and per plant a federated trainer on the pump
 * lives in its own store ({@link PlantSettings.Data.StoredLives}), started once the store holds a life that ended in
 * a repair. Each new global adapter is announced on the plant's model-updates topic, where its inference service
 * hot-swaps it. Rounds are paced by the plants' polling ({@link #POLL}); a round closes when every started plant
 * contributed, or at its deadline with at least one delta.
 */
final class DemoFederation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoFederation.class);
    /** The pump stops in a window exactly when its minimum speed is 0: down and starting windows are not steps. */
    static final String RUNNING_CHANNEL = "speed_rpm.min";
    /** A plant joins at most one round per poll: at 60x demo time about every 30 simulated minutes. */
    static final Duration POLL = Duration.ofSeconds(30);
    /** Long enough for every started plant to poll once; a round closes earlier when all of them contributed. */
    static final Duration ROUND = Duration.ofSeconds(75);
    /** How often the stores of plants without a trainer are checked for lives. */
    static final Duration CHECK = Duration.ofSeconds(10);
    /** Lives ended by a repair a plant's store needs before its trainer starts (their targets are known exactly). */
    static final int MIN_ENDED_LIVES = 1;
    /** Per round: 20 batches of 32 windows, twice, at a learning rate that moves a rank-4 adapter. */
    static final LocalWork WORK = new LocalWork(20, 32, 5e-3f, 42);

    static final int EPOCHS = 2;

    private final AggregatorHandle aggregator;
    private final DevPki pki;
    private final Path base;
    private final LifeProtocol protocol;
    private final Map<String, String> jdbcUrls;
    private final String kafka;
    private final Path dir;
    private final boolean temporary;
    private final PrintStream out;
    private final Map<String, PlantService> plants = new ConcurrentHashMap<>();
    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pdm-demo-federation");
        t.setDaemon(true);
        return t;
    });

    private DemoFederation(
            AggregatorHandle aggregator,
            DevPki pki,
            Path base,
            LifeProtocol protocol,
            Map<String, String> jdbcUrls,
            String kafka,
            Path dir,
            boolean temporary,
            PrintStream out) {
        this.aggregator = aggregator;
        this.pki = pki;
        this.base = base;
        this.protocol = protocol;
        this.jdbcUrls = Map.copyOf(jdbcUrls);
        this.kafka = kafka;
        this.dir = dir;
        this.temporary = temporary;
        this.out = out;
    }

    /**
     * @param aggregatorJdbc the aggregator's own database (round state and versions)
     * @param dataDir        where the PKI and the plants' adapter versions go, or null for a temporary directory
     */
    static DemoFederation start(
            Map<String, String> jdbcUrls,
            String aggregatorJdbc,
            String kafka,
            Path pumpBase,
            Path dataDir,
            PrintStream out)
            throws Exception {
        Path dir = dataDir != null ? Files.createDirectories(dataDir) : Files.createTempDirectory("pdm-demo-fl");
        List<String> names = List.copyOf(jdbcUrls.keySet());
        DevPki pki = DevPki.create(
                dir.resolve("pki"),
                names,
                List.of("localhost", "127.0.0.1"),
                UUID.randomUUID().toString(),
                Duration.ofDays(1));
        AggregatorHandle aggregator = AggregatorApplication.start(new AggregatorSettings(
                0,
                pki.aggregatorTls(),
                pki.revocationList(),
                Database.of(aggregatorJdbc),
                new TreeSet<>(names),
                RoundPolicy.plain(1, ROUND),
                SeedAdapters.fresh(pumpBase, LoraConfig.of(4, 8, 0.05, pumpBase.toString()), 42),
                ModelCheckpoint.baseHash(pumpBase),
                Duration.ofMillis(500)));
        DemoFederation federation = new DemoFederation(
                aggregator, pki, pumpBase, LifeProtocol.read(pumpBase), jdbcUrls, kafka, dir, dataDir == null, out);
        out.println("starting the federation: aggregator on port " + aggregator.port() + ", a trainer per plant once"
                + " its store holds a repaired pump's life ...");
        federation.starter.scheduleWithFixedDelay(
                federation::startReadyPlants, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
        return federation;
    }

    /** Rounds that published a new global version so far. */
    long rounds() {
        return (long) aggregator
                .meterRegistry()
                .counter(AggregatorMetrics.ROUNDS_CLOSED, "status", RoundStatus.PUBLISHED.name())
                .count();
    }

    /** Plants whose trainer runs. */
    int trainers() {
        return plants.size();
    }

    private void startReadyPlants() {
        for (Map.Entry<String, String> plant : jdbcUrls.entrySet()) {
            if (plants.containsKey(plant.getKey())) continue;
            try {
                LifeCuts.Result lives = new StoredLives(
                                plant.getValue(), plant.getKey(), StoredLives.CORRECTIVE, RUNNING_CHANNEL)
                        .read(protocol);
                if (lives.ended() < MIN_ENDED_LIVES) continue;
                plants.put(plant.getKey(), PlantService.start(settings(plant.getKey(), plant.getValue())));
                out.printf(
                        "federated trainer for %s started on %d pump lives (%d ended by a repair)%n",
                        plant.getKey(), lives.lives().size(), lives.ended());
            } catch (Exception e) {
                // The store may still be migrating, or the lives give no window yet: try again at the next check.
                LOG.info("federated trainer for {} not started yet: {}", plant.getKey(), e.toString());
            }
        }
    }

    private PlantSettings settings(String plant, String jdbcUrl) {
        return new PlantSettings(
                URI.create("https://localhost:" + aggregator.port()),
                pki.keyStore(plant),
                pki.trustStore(),
                pki.password(),
                plant,
                base,
                new PlantSettings.Data.StoredLives(
                        jdbcUrl, protocol.assetType(), StoredLives.CORRECTIVE, RUNNING_CHANNEL, EPOCHS),
                dir.resolve("fl-" + plant),
                WORK,
                SafetensorsDtype.F32,
                new PlantSettings.Personalisation.None(),
                new PlantSettings.Privacy.None(),
                kafka,
                null,
                POLL);
    }

    @Override
    public void close() {
        starter.shutdownNow();
        try {
            starter.awaitTermination(30, TimeUnit.SECONDS); // a trainer being started is stopped below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        plants.values().forEach(p -> {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.warn("error while stopping the federated trainer of {}: {}", p.plant(), e.toString());
            }
        });
        aggregator.close();
        if (temporary) DataDirs.deleteQuietly(dir); // keys and adapter versions of a run without --data-dir
    }
}
