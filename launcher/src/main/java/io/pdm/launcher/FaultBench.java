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
 * {@code pdm bench faults}: the faults of issue 14's "Measure" on the embedded platform. Per fault, a fresh plant (MQTT,
 * Kafka, ingest, the plant's Flink job, PostgreSQL on a data directory) takes a numbered QoS-1 stream from a device that
 * publishes synchronously, so it knows exactly which numbers the broker acknowledged. The fault hits mid-stream;
 * afterwards the stream goes on, then stops, and the store is compared with what was acknowledged: lost = acknowledged
 * but never stored; duplicated = rows beyond one per number; recovery (catch-up) = from the end of the fault until the
 * store holds everything acknowledged before that moment.
 *
 * <p>Faults of one component (PostgreSQL, Kafka, the MQTT broker) run the plant in this JVM and restart the component.
 * {@code kill -9} and SIGTERM of the whole plant need the plant in a child JVM ({@link FaultBenchPlant}), restarted on
 * the same data directory and ports, the way a user restarts {@code pdm demo --data-dir}.
 */
final class FaultBench {
    enum Fault {
        POSTGRES_RESTART("PostgreSQL restart", false),
        KAFKA_RESTART("Kafka restart", false),
        KAFKA_OUTAGE("Kafka outage", false),
        MQTT_RESTART("MQTT broker restart", false),
        KILL_9("kill -9 of the plant", true),
        SIGTERM("SIGTERM of the plant", true);

        final String label;
        /** Whether the plant runs in a child JVM (the fault stops the whole process). */
        final boolean childProcess;

        Fault(String label, boolean childProcess) {
            this.label = label;
            this.childProcess = childProcess;
        }
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
                    "%-20s acknowledged %,7d | stored %,7d | lost %,4d | duplicated rows %,3d | stored unacknowledged %,3d"
                            + " | fault %5.1f s | catch-up %s",
                    fault.label,
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

    /** A running plant the bench can hurt: where devices publish, where rows land, and the fault itself. */
    interface Plant extends AutoCloseable {
        String mqttUrl();

        String jdbcUrl();

        /** Injects the fault and returns once the plant is whole again (for an outage: once it ended). */
        void inject(Fault fault, Options o) throws Exception;
    }

    static final String PLANT = "plant-faults";
    static final String ASSET = "seq";

    private FaultBench() {}

    static Result run(Fault fault, Options o, PrintStream log) throws Exception {
        Path dir = Files.createTempDirectory("pdm-faults-");
        try (Plant plant = fault.childProcess ? FaultBenchPlant.start(dir, log) : InProcessPlant.start(dir, log)) {
            return measure(plant, fault, o, log);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Result measure(Plant plant, Fault fault, Options o, PrintStream log) throws Exception {
        String url = plant.jdbcUrl();
        try (Device device = new Device(plant.mqttUrl(), o.ratePerSecond())) {
            device.start();
            Thread.sleep(o.before().toMillis());
            log.println("fault: " + fault.label);
            long faultStart = System.nanoTime();
            plant.inject(fault, o);
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
            if (!lost.isEmpty())
                log.println("lost numbers (first 20): "
                        + lost.stream().limit(20).boxed().toList());
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
    }

    /** Ingest as the demo runs it on the embedded broker: one connection, a plain persistent subscription. */
    static IngestConfig ingestConfig(String mqttUrl, String kafkaBootstrap) {
        return IngestConfig.builder()
                .mqttUrl(mqttUrl)
                .kafkaBootstrap(kafkaBootstrap)
                .restPort(-1)
                .restAddress(Settings.LOOPBACK)
                .clientIdPrefix(Infrastructure.INGEST_CLIENT_ID_PREFIX)
                .knownPlants(List.of(PLANT))
                .connections(1)
                .sharedSubscription(false)
                .build();
    }

    /** The plant's job on its store, as the demo submits it (checkpoints every 2 s). */
    static String submitPlantJob(Infrastructure infra) throws Exception {
        infra.createPlantTopics(List.of(PLANT), 1);
        String url = infra.postgres.createDatabase(Infrastructure.databaseOf(PLANT));
        PlantJobs.submit(
                infra.flink,
                FeatureJobConfig.defaults(PLANT, infra.kafka.bootstrapServers())
                        .withCheckpointInterval(Duration.ofSeconds(2)),
                url);
        return url;
    }

    /** The plant in this JVM: the faults of one component restart that component. */
    private static final class InProcessPlant implements Plant {
        private final Infrastructure infra;
        private final IngestService ingest;
        private final String jdbcUrl;

        private InProcessPlant(Infrastructure infra, IngestService ingest, String jdbcUrl) {
            this.infra = infra;
            this.ingest = ingest;
            this.jdbcUrl = jdbcUrl;
        }

        static InProcessPlant start(Path dir, PrintStream log) throws Exception {
            Infrastructure infra = Infrastructure.start(new Infrastructure.Settings(0, 0, 0, 0, 2, dir), log);
            try {
                String url = submitPlantJob(infra);
                IngestService ingest =
                        IngestService.start(ingestConfig(infra.mqtt.url(), infra.kafka.bootstrapServers()));
                infra.mqtt.admitDevices();
                return new InProcessPlant(infra, ingest, url);
            } catch (Exception | Error e) {
                infra.close();
                throw e;
            }
        }

        @Override
        public String mqttUrl() {
            return infra.mqtt.url();
        }

        @Override
        public String jdbcUrl() {
            return jdbcUrl;
        }

        @Override
        public void inject(Fault fault, Options o) throws Exception {
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
                case MQTT_RESTART -> {
                    // devices are disconnected first; ingest's session and queue are in the broker's files, so
                    // devices may come back as soon as it listens again (ingest reconnects on its own)
                    infra.mqtt.close();
                    infra.mqtt.start();
                    infra.mqtt.admitDevices();
                }
                case KILL_9, SIGTERM -> throw new IllegalArgumentException(fault + " needs the plant in a child JVM");
            }
        }

        @Override
        public void close() throws Exception {
            try {
                ingest.close();
            } finally {
                infra.close();
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
        private final String url;
        private volatile MqttClient client; // replaced by the loop after a failed connect
        private final int ratePerSecond;
        private final BitSet acked = new BitSet();
        private final MqttConnectionOptions options = new MqttConnectionOptions();
        private volatile boolean stop;
        private Thread thread;

        Device(String url, int ratePerSecond) throws MqttException {
            this.url = url;
            this.client = newClient();
            this.ratePerSecond = ratePerSecond;
            // The loop reconnects itself, with a new client after a failed connect: Paho's automatic reconnect, and a
            // client refused by a restarting plant's device gate, stayed "connect in progress" and published nothing.
            options.setAutomaticReconnect(false);
            options.setConnectionTimeout(5);
            options.setCleanStart(false);
            options.setSessionExpiryInterval(3600L);
        }

        void start() throws MqttException {
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
                        if (!client.isConnected()) connectAgain();
                        client.publish(topic, payload, 1, false);
                        synchronized (acked) {
                            acked.set(n);
                        }
                        break;
                    } catch (MqttException e) { // not connected or refused: the same number again once it is
                        sleepQuietly(500_000_000L);
                    }
                }
                sleepQuietly(pauseNanos - (System.nanoTime() - t));
            }
        }

        private MqttClient newClient() throws MqttException {
            MqttClient c = new MqttClient(url, "pdm-faults-device", new MemoryPersistence());
            c.setTimeToWait(10_000); // a PUBACK lost with its broker fails the publish, retried by the loop
            return c;
        }

        private void connectAgain() throws MqttException {
            try {
                client.connect(options);
            } catch (MqttException e) {
                try {
                    client.close(true);
                } catch (MqttException ignored) { // a fresh client replaces it either way
                }
                client = newClient();
                throw e;
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
            try {
                if (client.isConnected()) client.disconnect();
            } catch (MqttException e) { // the broker went away meanwhile: nothing to say goodbye to
            }
            client.close(true);
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
