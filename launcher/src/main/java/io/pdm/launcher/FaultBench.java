package io.pdm.launcher;

import io.pdm.features.FeatureJobConfig;
import io.pdm.ingest.IngestConfig;
import io.pdm.ingest.IngestService;
import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.Settings;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * {@code pdm bench faults}: the faults of issue 14's "Measure" that one process can drive on its embedded
 * components (a PostgreSQL restart, a Kafka restart, a Kafka outage). Per fault, a fresh plant (MQTT, Kafka,
 * ingest, the plant's Flink job, PostgreSQL on a data directory) takes a numbered QoS-1 stream from a device
 * that publishes synchronously, so it knows exactly which numbers the broker acknowledged. The fault hits
 * mid-stream; afterwards the stream goes on, then stops, and the store is compared with what was
 * acknowledged: lost = acknowledged but never stored; duplicated = rows beyond one per number; recovery =
 * from the end of the fault until the store holds everything acknowledged before that moment.
 */
final class FaultBench {
    enum Fault {
        POSTGRES_RESTART,
        KAFKA_RESTART,
        KAFKA_OUTAGE
    }

    record Options(Duration before, Duration after, Duration outage, int ratePerSecond) {
        static Options defaults() {
            return new Options(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofSeconds(60), 100);
        }
    }

    record Result(
            Fault fault,
            long acknowledged,
            long stored,
            long lost,
            long duplicatedRows,
            long storedUnacknowledged,
            Duration faultTook,
            Duration recovery) {
        String line() {
            return String.format(
                    Locale.ROOT,
                    "%-17s acknowledged %,7d | stored %,7d | lost %,4d | duplicated rows %,3d | stored unacknowledged %,3d"
                            + " | fault %5.1f s | recovery %s",
                    fault.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    acknowledged,
                    stored,
                    lost,
                    duplicatedRows,
                    storedUnacknowledged,
                    faultTook.toMillis() / 1000.0,
                    recovery == null
                            ? "not within 5 min"
                            : String.format(Locale.ROOT, "%.1f s", recovery.toMillis() / 1000.0));
        }
    }

    static final String PLANT = "plant-faults";
    static final String ASSET = "seq";

    private FaultBench() {}

    static Result run(Fault fault, Options o, PrintStream log) throws Exception {
        Path dir = Files.createTempDirectory("pdm-faults-");
        try (Infrastructure infra = Infrastructure.start(new Infrastructure.Settings(0, 0, 0, 0, 2, dir), log)) {
            infra.createPlantTopics(List.of(PLANT), 1);
            String url = infra.postgres.createDatabase(Infrastructure.databaseOf(PLANT));
            PlantJobs.submit(
                    infra.flink,
                    FeatureJobConfig.defaults(PLANT, infra.kafka.bootstrapServers())
                            .withCheckpointInterval(Duration.ofSeconds(2)),
                    url);
            IngestConfig ingestConfig = IngestConfig.builder()
                    .mqttUrl(infra.mqtt.url())
                    .kafkaBootstrap(infra.kafka.bootstrapServers())
                    .restPort(-1)
                    .restAddress(Settings.LOOPBACK)
                    .clientIdPrefix(Infrastructure.INGEST_CLIENT_ID_PREFIX)
                    .knownPlants(List.of(PLANT))
                    .connections(1)
                    .sharedSubscription(false)
                    .build();
            try (IngestService ingest = IngestService.start(ingestConfig);
                    Device device = new Device(infra.mqtt.url(), o.ratePerSecond())) {
                infra.mqtt.admitDevices();
                device.start();
                Thread.sleep(o.before().toMillis());
                log.println("fault: " + fault);
                long faultStart = System.nanoTime();
                switch (fault) {
                    case POSTGRES_RESTART -> {
                        infra.postgres.close();
                        infra.postgres.start();
                    }
                    case KAFKA_RESTART -> {
                        infra.kafka.close();
                        infra.kafka.start();
                    }
                    case KAFKA_OUTAGE -> {
                        infra.kafka.close();
                        Thread.sleep(o.outage().toMillis());
                        infra.kafka.start();
                    }
                }
                long faultEnd = System.nanoTime();
                long ackedBefore = device.acknowledged();
                Duration recovery = null;
                long deadline = faultEnd + Duration.ofMinutes(5).toNanos();
                while (System.nanoTime() < deadline) {
                    if (storedNumbers(url).cardinality() >= ackedBefore) {
                        recovery = Duration.ofNanos(System.nanoTime() - faultEnd);
                        break;
                    }
                    Thread.sleep(250);
                }
                Thread.sleep(o.after().toMillis());
                device.stopAndJoin();
                BitSet acked = device.ackedNumbers();
                BitSet stored = drain(url, acked.cardinality());
                BitSet lost = (BitSet) acked.clone();
                lost.andNot(stored);
                BitSet extra = (BitSet) stored.clone();
                extra.andNot(acked);
                return new Result(
                        fault,
                        acked.cardinality(),
                        stored.cardinality(),
                        lost.cardinality(),
                        rows(url) - stored.cardinality(),
                        extra.cardinality(),
                        Duration.ofNanos(faultEnd - faultStart),
                        recovery);
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Waits until the store holds {@code expected} numbers or stops changing (2 minutes at most). */
    private static BitSet drain(String url, int expected) throws Exception {
        BitSet last = storedNumbers(url);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int quiet = 0;
        while (last.cardinality() < expected && quiet < 10 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            BitSet now = storedNumbers(url);
            quiet = now.equals(last) ? quiet + 1 : 0;
            last = now;
        }
        return last;
    }

    private static BitSet storedNumbers(String url) throws SQLException {
        BitSet s = new BitSet();
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT value FROM readings WHERE asset = '" + ASSET + "'")) {
            while (rs.next()) s.set((int) rs.getDouble(1));
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState()) && !e.getSQLState().startsWith("08"))
                throw e; // not there / restarting
        }
        return s;
    }

    private static long rows(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM readings WHERE asset = '" + ASSET + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * One device publishing snapshot n (value n, its own millisecond) with QoS 1, synchronously: a number
     * counts as acknowledged only once the broker's PUBACK returned.
     */
    static final class Device implements AutoCloseable {
        private final MqttClient client;
        private final int ratePerSecond;
        private final BitSet acked = new BitSet();
        private volatile boolean stop;
        private Thread thread;

        Device(String url, int ratePerSecond) throws MqttException {
            this.client = new MqttClient(url, "pdm-faults-device", new MemoryPersistence());
            this.ratePerSecond = ratePerSecond;
        }

        void start() throws MqttException {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setAutomaticReconnect(true);
            options.setCleanStart(false);
            options.setSessionExpiryInterval(3600L);
            client.connect(options);
            thread = new Thread(this::loop, "pdm-faults-device");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            String topic = MqttTopics.telemetry(PLANT, ASSET);
            long lastTs = 0;
            long pauseNanos = 1_000_000_000L / ratePerSecond;
            for (int n = 1; !stop; n++) {
                long ts = Math.max(System.currentTimeMillis(), lastTs + 1);
                lastTs = ts;
                byte[] payload = String.format(
                                Locale.ROOT, "{\"ts\":\"%s\",\"values\":{\"n\":%d}}", Instant.ofEpochMilli(ts), n)
                        .getBytes(StandardCharsets.UTF_8);
                long t = System.nanoTime();
                while (!stop) {
                    try {
                        client.publish(topic, payload, 1, false);
                        synchronized (acked) {
                            acked.set(n);
                        }
                        break;
                    } catch (MqttException e) { // not connected: the same number again once it is
                        sleepQuietly(200_000_000L);
                    }
                }
                sleepQuietly(pauseNanos - (System.nanoTime() - t));
            }
        }

        long acknowledged() {
            synchronized (acked) {
                return acked.cardinality();
            }
        }

        BitSet ackedNumbers() {
            synchronized (acked) {
                return (BitSet) acked.clone();
            }
        }

        void stopAndJoin() throws InterruptedException {
            stop = true;
            if (thread != null) thread.join(120_000);
        }

        @Override
        public void close() throws Exception {
            stop = true;
            if (client.isConnected()) client.disconnect();
            client.close();
        }

        private static void sleepQuietly(long nanos) {
            if (nanos <= 0) return;
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
