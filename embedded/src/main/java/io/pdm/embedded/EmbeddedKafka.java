package io.pdm.embedded;

import io.pdm.embedded.tls.LocalCa;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft combined mode: broker + controller) running in this JVM.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
 *     kafka.createTopics(3, "telemetry");
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;

    private final int requestedPort;
    private final int requestedControllerPort;
    private final Path configuredDataDir;
    private final int internalTopicPartitions;
    private final Map<String, String> overrides;
    private final LocalCa ca;

    private KafkaRaftServer server;
    private DirLock lock;
    private Path dataDir;
    private boolean tempDir;
    private int port;
    private int sslPort;
    private int saslSslPort;

    private EmbeddedKafka(Builder b) {
        this.requestedPort = b.port;
        this.requestedControllerPort = b.controllerPort;
        this.configuredDataDir = b.dataDir;
        this.internalTopicPartitions = b.internalTopicPartitions;
        this.overrides = new LinkedHashMap<>(b.overrides);
        this.ca = b.ca;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Formats the log dir (first start only) and starts the broker; blocks until it serves requests. */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        tempDir = configuredDataDir == null;
        dataDir = tempDir ? DataDirs.createTemp("pdm-kafka-") : DataDirs.ensure(configuredDataDir);
        // Before anything opens the metadata log: a second broker on this dir would corrupt it.
        lock = DirLock.acquire(dataDir, "Kafka");
        port = FreePorts.orFree(requestedPort);
        int controllerPort = FreePorts.orFree(requestedControllerPort);
        Path logDir = DataDirs.ensure(dataDir.resolve("kafka-logs"));
        Properties props = brokerProperties(logDir, controllerPort);
        if (ca != null) {
            sslPort = FreePorts.orFree(0);
            saslSslPort = FreePorts.orFree(0);
            props.putAll(
                    SecureListeners.properties(ca, dataDir.resolve("tls"), port, controllerPort, sslPort, saslSslPort));
        }
        props.putAll(overrides);
        KafkaConfig config = new KafkaConfig(props, false);
        try {
            format(logDir);
            KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
            server = s;
            s.startup();
            awaitReady(Duration.ofSeconds(60));
        } catch (Exception e) {
            close();
            throw new IllegalStateException("embedded Kafka failed to start on port " + port, e);
        }
        LOG.info("Embedded Kafka started at {} (data dir {})", bootstrapServers(), dataDir);
        return this;
    }

    /** {@code 127.0.0.1:PORT}, for the {@code bootstrap.servers} client setting. */
    public String bootstrapServers() {
        requireStarted();
        return "127.0.0.1:" + port;
    }

    /**
     * {@code 127.0.0.1:PORT} of the TLS listener, which requires a client certificate signed by the builder's
     * {@link Builder#secureListeners CA} (mTLS, as a Strimzi {@code tls} listener with {@code tls} authentication).
     */
    public String sslBootstrapServers() {
        requireSecure();
        return "127.0.0.1:" + sslPort;
    }

    /** {@code 127.0.0.1:PORT} of the SASL_SSL listener: TLS plus SCRAM-SHA-512 users ({@link #createScramUser}). */
    public String saslSslBootstrapServers() {
        requireSecure();
        return "127.0.0.1:" + saslSslPort;
    }

    /**
     * Creates (or replaces) a SCRAM-SHA-512 user through the Admin API, as Strimzi's user operator does, and waits
     * until the broker knows it.
     */
    public void createScramUser(String user, String password) {
        requireSecure();
        try (Admin admin = admin()) {
            SecureListeners.upsertScramUser(admin, user, password);
        }
    }

    public int port() {
        requireStarted();
        return port;
    }

    public Path dataDir() {
        requireStarted();
        return dataDir;
    }

    /** Creates the topics with replication factor 1; topics that already exist are left alone. */
    public void createTopics(int partitions, String... names) {
        requireStarted();
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        try (Admin admin = admin()) {
            CreateTopicsResult result = admin.createTopics(topics);
            for (Map.Entry<String, KafkaFuture<Void>> e : result.values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + e.getKey(), ex.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + Arrays.toString(names), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics " + Arrays.toString(names), e);
        }
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(p);
    }

    /**
     * Controlled shutdown (the broker leaves, then the controller stops; logs are flushed and the clean
     * shutdown marker written, so the next start skips recovery), waits for its threads, releases the
     * data-dir lock and deletes a temp data dir.
     */
    @Override
    public synchronized void close() {
        KafkaRaftServer s = server;
        server = null;
        if (s != null) {
            try {
                s.shutdown();
                s.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warn("Embedded Kafka did not shut down cleanly", e);
            }
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
        if (tempDir) {
            DataDirs.deleteQuietly(dataDir);
        }
    }

    private Properties brokerProperties(Path logDir, int controllerPort) {
        String partitions = Integer.toString(internalTopicPartitions);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic must live with a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", partitions);
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", partitions);
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", partitions);
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Small footprint: the default cleaner buffer alone is 128 MiB of heap.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("background.threads", "4");
        p.put("controlled.shutdown.enable", "true");
        return p;
    }

    /** What {@code kafka-storage.sh format} does, without printing to stdout; skipped on restart. */
    private void format(Path logDir) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // a persistent dir keeps its cluster id
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .addDirectory(logDir.toString())
                .run();
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("broker did not register within " + timeout);
                }
                Thread.sleep(100);
            }
        }
    }

    private void requireSecure() {
        requireStarted();
        if (ca == null) throw new IllegalStateException("EmbeddedKafka was built without secureListeners(ca)");
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("EmbeddedKafka is not started");
        }
    }

    /** Configuration for {@link EmbeddedKafka}; every setting is optional. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private int internalTopicPartitions = 4;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private LocalCa ca;

        private Builder() {}

        /** Client (PLAINTEXT) port; 0, the default, picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** KRaft controller port; 0, the default, picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Persistent data dir (kept on close, reused on restart); default: a temp dir deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Partitions of the internal offsets/transaction/share-state topics (default 4, Kafka's is 50). */
        public Builder internalTopicPartitions(int partitions) {
            this.internalTopicPartitions = partitions;
            return this;
        }

        /**
         * Also opens a TLS listener (client certificates signed by {@code ca} required) and a SASL_SSL listener
         * (SCRAM-SHA-512) on free loopback ports, with a server certificate for 127.0.0.1 and localhost issued by
         * {@code ca}. The PLAINTEXT listener stays for the broker's own use and this class's admin client.
         */
        public Builder secureListeners(LocalCa ca) {
            this.ca = ca;
            return this;
        }

        /** Any other broker setting, applied last. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }
    }
}
