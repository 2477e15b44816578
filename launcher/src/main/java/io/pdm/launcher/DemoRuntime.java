package io.pdm.launcher;

import io.pdm.devices.replay.CmapssReplay;
import io.pdm.devices.replay.ReplayOptions;
import io.pdm.devices.sim.FleetConfig;
import io.pdm.devices.sim.FleetSimulator;
import io.pdm.devices.sim.PahoMqttPublisher;
import io.pdm.devices.sim.SimulatorPublisher;
import io.pdm.features.FeatureJobConfig;
import io.pdm.features.store.PdmQueries;
import io.pdm.features.store.PdmQueries.StoredCounts;
import io.pdm.inference.store.InferenceTotals;
import io.pdm.ingest.IngestConfig;
import io.pdm.ingest.IngestService;
import io.pdm.schemas.Settings;
import io.pdm.schemas.Topics;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running demo: infrastructure, ingest, one feature job per plant and a data source. Counts come
 * from where the data really is (Kafka topics and PostgreSQL tables), so the summary proves the flow.
 */
public final class DemoRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DemoRuntime.class);
    /** Simulated history is capped below ingest's default past skew (7 days). */
    private static final Duration MAX_BACKFILL = Duration.ofDays(6);

    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);

    private final DemoSettings settings;
    private final Infrastructure infra;
    private final Instant startedAt = Instant.now();
    private final Map<String, String> jdbcUrls = new LinkedHashMap<>();
    private IngestService ingest;
    private DemoInference inference;
    private DemoAlerting alerting;
    private DemoFederation federation;
    private TopicCounter topicCounter;
    private SimulatorPublisher simulator;
    private Thread replayThread;
    private PahoMqttPublisher replayPublisher;
    private final AtomicLong replayed = new AtomicLong();
    private final List<String> featureTopics = new ArrayList<>();
    private final List<String> lateTopics = new ArrayList<>();
    private final List<String> dlqTopics = new ArrayList<>();
    private volatile StageCounts finalCounts = StageCounts.ZERO;

    private DemoRuntime(DemoSettings settings, Infrastructure infra) {
        this.settings = settings;
        this.infra = infra;
    }

    public static DemoRuntime start(DemoSettings settings, PrintStream out) throws Exception {
        Infrastructure infra = Infrastructure.start(settings.infrastructure(), out);
        DemoRuntime demo = new DemoRuntime(settings, infra);
        try {
            demo.startServices(out);
            return demo;
        } catch (Exception | Error e) {
            demo.closeAndSummarize();
            throw e;
        }
    }

    private void startServices(PrintStream out) throws Exception {
        List<String> plants = settings.plants();
        infra.createPlantTopics(plants, 4);
        for (String plant : plants) {
            featureTopics.add(Topics.features(plant));
            lateTopics.add(Topics.telemetryLate(plant));
            dlqTopics.add(Topics.dlq(plant));
        }
        IngestConfig ingestConfig = IngestConfig.builder()
                .mqttUrl(infra.mqtt.url())
                .kafkaBootstrap(infra.kafka.bootstrapServers())
                .restPort(infra.port(settings.restPort(), "ingest REST", "--rest-port"))
                .restAddress(Settings.LOOPBACK) // the demo's APIs are for this machine only
                .clientIdPrefix(Infrastructure.INGEST_CLIENT_ID_PREFIX)
                .knownPlants(plants) // another plant: UNKNOWN_PLANT in the fallback DLQ
                // HiveMQ CE loses a shared subscription's in-flight messages on kill -9 (BrokerCrashIT)
                .connections(1)
                .sharedSubscription(false)
                .build();
        infra.kafka.createTopics(1, Topics.dlq(ingestConfig.fallbackPlant()));
        dlqTopics.add(Topics.dlq(ingestConfig.fallbackPlant()));

        for (String plant : plants) {
            String url = infra.postgres.createDatabase(Infrastructure.databaseOf(plant));
            jdbcUrls.put(plant, url);
            out.println("starting feature job for " + plant + " ...");
            FeatureJobConfig config = FeatureJobConfig.defaults(plant, infra.kafka.bootstrapServers())
                    .withWindow(settings.window(), settings.window())
                    // A partition without assets must not hold the watermark back for long in a demo.
                    .withWatermarks(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30))
                    .withCheckpointInterval(Duration.ofSeconds(10));
            PlantJobs.submit(infra.flink, config, url);
        }
        out.println("starting ingest ...");
        ingest = IngestService.start(ingestConfig);
        infra.mqtt.admitDevices(); // ingest's subscription exists: a device's PUBACK is now a promise
        List<String> counted = new ArrayList<>(featureTopics);
        counted.addAll(lateTopics);
        counted.addAll(dlqTopics);
        topicCounter = new TopicCounter(infra.kafka.bootstrapServers(), counted);
        if (settings.source() == DemoCommand.Source.simulator) {
            // Every simulated asset is a pump set; C-MAPSS features are not what the turbofan type reads.
            inference = DemoInference.start(
                    jdbcUrls,
                    infra.kafka.bootstrapServers(),
                    settings.restPort() <= 0 ? 0 : settings.restPort() + 10,
                    port -> infra.port(port, "inference REST", "--rest-port (inference on it + 10, + 11, …)"),
                    settings.inference(),
                    out);
            alerting = DemoAlerting.start(
                    plants,
                    infra.kafka.bootstrapServers(),
                    settings.infrastructure().dataDir(),
                    jdbcUrls,
                    settings.restPort() <= 0 ? 0 : settings.restPort() + 30, // inference: + 10, + 11, …
                    out);
            if (settings.pumpBase() != null) { // the plants federate a pump adapter that their inference hot-swaps
                federation = DemoFederation.start(
                        jdbcUrls,
                        infra.postgres.createDatabase("pdm_fl_aggregator"),
                        infra.kafka.bootstrapServers(),
                        settings.pumpBase(),
                        settings.infrastructure().dataDir() == null
                                ? null
                                : settings.infrastructure().dataDir().resolve("fl"),
                        out);
            }
        }
        startSource(out);
    }

    private void startSource(PrintStream out) {
        if (settings.source() == DemoCommand.Source.cmapss) {
            ReplayOptions options = ReplayOptions.of(
                            settings.cmapssDir(),
                            settings.cmapssSubset(),
                            settings.plants().get(0))
                    .withCyclesPerSecond(settings.speed());
            replayPublisher = PahoMqttPublisher.connect(infra.mqtt.url(), "pdm-replay");
            replayThread = new Thread(
                    () -> {
                        try {
                            CmapssReplay.Result r = CmapssReplay.run(options, replayPublisher);
                            replayed.set(r.snapshots() + r.maintenanceLogs());
                            LOG.info("C-MAPSS replay finished: {}", r);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (Exception e) {
                            LOG.error("C-MAPSS replay failed", e);
                        }
                    },
                    "pdm-cmapss-replay");
            replayThread.setDaemon(true);
            replayThread.start();
            out.println("replaying C-MAPSS " + settings.cmapssSubset() + " from " + settings.cmapssDir());
            return;
        }
        FleetConfig fleet = FleetConfig.defaults() // starts now
                .withPlants(settings.plants())
                .withAssetsPerPlant(settings.assetsPerPlant())
                .withMeanLife(Duration.ofMinutes(90))
                .withInspectionInterval(Duration.ofHours(2))
                .withMalformedFraction(settings.malformedFraction());
        if (settings.clock() == DemoCommand.Clock.replay) {
            // Start in the past so that simulated time (running faster than the clock) stays behind now.
            Duration backfill = settings.duration() == null
                    ? MAX_BACKFILL
                    : Duration.ofSeconds((long) Math.min(
                            MAX_BACKFILL.toSeconds(), settings.duration().toSeconds() * settings.speed()));
            fleet = fleet.withStart(Instant.now().minus(backfill).truncatedTo(ChronoUnit.SECONDS));
        }
        simulator = SimulatorPublisher.connect(
                        infra.mqtt.url(), new FleetSimulator(fleet, settings.seed()), settings.speed(), null)
                .start();
        out.printf(
                "simulating %d plants x %d assets at %.0fx real time, readings stamped %s (seed %d)%n",
                settings.plants().size(),
                settings.assetsPerPlant(),
                settings.speed(),
                settings.clock() == DemoCommand.Clock.now ? "with the current time" : "in simulated history",
                settings.seed());
    }

    public Duration uptime() {
        return Duration.between(startedAt, Instant.now());
    }

    public String connectionInfo() throws Exception {
        StringBuilder b = new StringBuilder();
        b.append(System.lineSeparator())
                .append("pdm demo is running. Look inside with your own tools:")
                .append(System.lineSeparator());
        b.append("  MQTT broker     ")
                .append(infra.mqtt.url())
                .append("   (topics pdm/v1/{plant}/{asset}/telemetry|maintenance)")
                .append(System.lineSeparator());
        b.append("  Kafka bootstrap ")
                .append(infra.kafka.bootstrapServers())
                .append("   (topics pdm.{plant}.{stream}.v1)")
                .append(System.lineSeparator());
        b.append("  Flink web UI    ").append(infra.flink.restAddress()).append(System.lineSeparator());
        if (ingest.restPort() > 0) {
            b.append("  ingest REST     http://127.0.0.1:")
                    .append(ingest.restPort())
                    .append("/api/v1/plants/{plant}/assets/{asset}/maintenance-logs")
                    .append("   (loopback only, no API key: docs/security.md)")
                    .append(System.lineSeparator());
        }
        if (inference != null) b.append(inference.connectionInfo());
        if (alerting != null) b.append(alerting.connectionInfo());
        jdbcUrls.forEach((plant, url) -> b.append("  PostgreSQL      ")
                .append(url)
                .append("   (")
                .append(plant)
                .append(": PGPASSWORD=\"$(cat ")
                .append(infra.postgres.passwordFile())
                .append(")\" psql -h 127.0.0.1 -p ")
                .append(infra.postgres.port())
                .append(" -U postgres ")
                .append(Infrastructure.databaseOf(plant))
                .append(")")
                .append(System.lineSeparator()));
        return b.toString();
    }

    public StageCounts counts() {
        long published =
                simulator != null ? simulator.counts().total() : replayPublisher != null ? replayPublisher.acked() : 0;
        StoredCounts rows = StoredCounts.ZERO;
        for (String url : jdbcUrls.values()) {
            rows = rows.plus(storedCounts(url));
        }
        return new StageCounts(
                published,
                ingest.forwarded(),
                ingest.rejected(),
                topicCounter.total(featureTopics),
                topicCounter.total(lateTopics),
                topicCounter.total(dlqTopics),
                rows.readings(),
                rows.waveforms(),
                rows.features(),
                rows.maintenanceLogs(),
                inference == null ? InferenceTotals.ZERO : inference.totals(),
                federation == null ? 0 : federation.rounds());
    }

    /** The counts of the summary, once {@link #closeAndSummarize()} ran. */
    public StageCounts finalCounts() {
        return finalCounts;
    }

    /** Reading rows in each plant's own database. */
    public Map<String, Long> rowsPerPlant() {
        Map<String, Long> rows = new LinkedHashMap<>();
        jdbcUrls.forEach((plant, url) -> rows.put(plant, storedCounts(url).readings()));
        return rows;
    }

    /** The plant store's row counts; zero while its database is not reachable yet (the summary must not fail). */
    private static StoredCounts storedCounts(String url) {
        try (Connection c = java.sql.DriverManager.getConnection(url)) {
            return new PdmQueries(c).storedCounts();
        } catch (SQLException e) {
            LOG.debug("row count failed on {}: {}", url, e.getMessage());
            return StoredCounts.ZERO;
        }
    }

    /**
     * Stops the source first, lets ingest and the jobs drain briefly, takes the final counts, then stops
     * everything in reverse order. Returns the summary.
     */
    public String closeAndSummarize() {
        closeQuietly(simulator);
        if (replayThread != null) replayThread.interrupt();
        closeQuietly(replayPublisher);
        infra.mqtt.refuseDevices(); // nothing is acknowledged to a device that ingest will not see
        StageCounts last = StageCounts.ZERO;
        if (ingest != null && topicCounter != null) {
            // Drain: the feature jobs may lag behind ingest on a busy machine. Wait until nothing has
            // moved for a few seconds (at most a minute) so the summary shows where the data ended up.
            System.out.println("draining: waiting until every stage is idle ...");
            last = counts();
            long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
            int quiet = 0;
            while (quiet < 3 && System.nanoTime() < deadline) {
                sleep(Duration.ofSeconds(2));
                StageCounts now = counts();
                quiet = now.equals(last) ? quiet + 1 : 0;
                last = now;
            }
        }
        String alertingSummary = alerting == null ? "" : alerting.summary();
        closeQuietly(alerting);
        closeQuietly(federation);
        closeQuietly(inference);
        closeQuietly(ingest);
        if (topicCounter != null) {
            try {
                topicCounter.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(infra);
        finalCounts = last;
        return last.summary() + alertingSummary;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("error while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
