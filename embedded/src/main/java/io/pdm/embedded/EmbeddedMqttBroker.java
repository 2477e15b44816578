package io.pdm.embedded;

import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import io.pdm.embedded.tls.LocalCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ Community Edition running in this JVM: MQTT 3.1, 3.1.1 and 5 (incl. shared subscriptions)
 * on one TCP listener bound to 127.0.0.1.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

    private final int requestedPort;
    private final Path configuredDataDir;
    private final boolean filePersistence;
    private final DeviceGate gate;
    private final LocalCa tlsCa;
    private final boolean requireClientCertificate;

    private EmbeddedHiveMQ hivemq;
    private DirLock lock;
    private Path dataDir;
    private boolean tempDir;
    private int port;
    private int tlsPort;
    private int staleQueueEntries;

    private EmbeddedMqttBroker(Builder b) {
        this.requestedPort = b.port;
        this.configuredDataDir = b.dataDir;
        this.filePersistence = b.filePersistence;
        MqttUsers users = b.users.isEmpty() ? null : MqttUsers.of(b.users);
        this.gate = b.trustedClientIdPrefix == null && users == null
                ? null
                : new DeviceGate(b.trustedClientIdPrefix, users);
        this.tlsCa = b.tlsCa;
        this.requireClientCertificate = b.requireClientCertificate;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Messages kept per offline persistent session (or shared-subscription group) before the broker discards. */
    public static final int MAX_QUEUED_MESSAGES = 1_000_000;
    /** Unacknowledged QoS-1 messages a client may send the broker at once. */
    public static final int SERVER_RECEIVE_MAXIMUM = 1_000;

    /** Writes conf/config.xml under the data dir and starts HiveMQ; blocks until it accepts connections. */
    public synchronized EmbeddedMqttBroker start() {
        if (hivemq != null) {
            return this;
        }
        tempDir = configuredDataDir == null;
        dataDir = tempDir ? DataDirs.createTemp("pdm-mqtt-") : DataDirs.ensure(configuredDataDir);
        lock = DirLock.acquire(dataDir, "MQTT broker"); // one broker per persistence dir
        // HiveMQ needs a concrete port in its config, so resolve 0 here.
        port = FreePorts.orFree(requestedPort);
        if (tlsCa != null) tlsPort = FreePorts.orFree(0);
        Path conf = DataDirs.ensure(dataDir.resolve("conf"));
        writeConfig(conf.resolve("config.xml"));
        // a crash can leave queue entries whose payload is gone; HiveMQ CE would stop delivering to their session
        if (filePersistence) staleQueueEntries = StaleQueueEntries.drop(dataDir.resolve("data"));
        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(DataDirs.ensure(dataDir.resolve("data")))
                .withExtensionsFolder(DataDirs.ensure(dataDir.resolve("extensions")))
                // Keep the host application's slf4j/logback setup; HiveMQ would otherwise reconfigure logback.
                .withoutLoggingBootstrap();
        if (gate != null) builder.withEmbeddedExtension(gate.extension());
        EmbeddedHiveMQ broker = builder.build();
        hivemq = broker;
        try {
            broker.start().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting HiveMQ", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("HiveMQ failed to start on port " + port, e);
        }
        // HiveMQ logs a listener it could not bind and runs on: a broker nobody can reach is a failure.
        if (!FreePorts.isListening(port)) {
            close();
            throw new IllegalStateException("HiveMQ started but does not listen on 127.0.0.1:" + port
                    + (requestedPort > 0 ? " (" + PortHolders.describe(port) + ")" : ""));
        }
        LOG.info(
                "Embedded MQTT broker started at {} (data dir {}, {} persistence{})",
                url(),
                dataDir,
                filePersistence ? "file" : "in-memory",
                (gate == null || gate.isOpen() ? "" : ", devices refused until the consumer subscribed")
                        + (tlsCa == null ? "" : ", TLS at " + tlsUrl()));
        return this;
    }

    /**
     * Opens the device gate (see {@link Builder#refuseDevicesUntilAdmitted}): call it once the consumer
     * has subscribed. A no-op without a gate.
     */
    public void admitDevices() {
        if (gate != null) gate.open();
    }

    /**
     * Shuts the device gate again and disconnects every device: call it first when stopping, so no
     * device has a message acknowledged while its consumer drains or the broker stops. A no-op without
     * a gate.
     */
    public void refuseDevices() {
        if (gate == null || hivemq == null) return;
        try {
            gate.shut();
        } catch (RuntimeException e) { // HiveMQ not (fully) started: nobody to disconnect
            LOG.debug("device gate not shut: {}", e.toString());
        }
    }

    /**
     * Queued messages dropped at the last start because a crash had deleted their payload (see {@link
     * StaleQueueEntries}): each was acknowledged by its subscriber before the crash, or never acknowledged to its device.
     */
    public int staleQueueEntriesDropped() {
        return staleQueueEntries;
    }

    /** CONNECTs refused by the device gate so far (0 without a gate). */
    public long refusedConnects() {
        return gate == null ? 0 : gate.refused();
    }

    /**
     * {@code ssl://127.0.0.1:PORT} of the TLS listener (see {@link Builder#tls}); its certificate is issued by the
     * builder's CA for 127.0.0.1 and localhost.
     */
    public String tlsUrl() {
        requireStarted();
        if (tlsCa == null) throw new IllegalStateException("EmbeddedMqttBroker was built without tls(ca, …)");
        return "ssl://127.0.0.1:" + tlsPort;
    }

    /** {@code tcp://127.0.0.1:PORT}, the server URI form Paho clients expect. */
    public String url() {
        requireStarted();
        return "tcp://127.0.0.1:" + port;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        requireStarted();
        return port;
    }

    public Path dataDir() {
        requireStarted();
        return dataDir;
    }

    /** Shuts the device gate (if any), stops HiveMQ, waits for it, and deletes a temp data dir. */
    @Override
    public synchronized void close() {
        refuseDevices();
        EmbeddedHiveMQ broker = hivemq;
        hivemq = null;
        if (broker != null) {
            try {
                broker.close(); // stops and waits for the stop to finish
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | RuntimeException e) {
                LOG.warn("HiveMQ did not stop cleanly", e);
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

    private void writeConfig(Path file) {
        String xml = """
            <?xml version="1.0"?>
            <hivemq>
                <listeners>
                    <tcp-listener>
                        <port>%d</port>
                        <bind-address>127.0.0.1</bind-address>
                    </tcp-listener>%s
                </listeners>
                <mqtt>
                    <shared-subscriptions><enabled>true</enabled></shared-subscriptions>
                    <!-- HiveMQ discards QoS-1 messages beyond 1,000 queued for an offline persistent
                         session by default; a restarting ingest must find every message waiting. -->
                    <!-- Default 10: each QoS-1 publisher could have only 10 messages unacknowledged,
                         so throughput was bound by round trips rather than CPU. -->
                    <receive-maximum>
                        <server-receive-maximum>%d</server-receive-maximum>
                    </receive-maximum>
                    <queued-messages>
                        <max-queue-size>%d</max-queue-size>
                        <strategy>discard</strategy>
                    </queued-messages>
                </mqtt>
                <anonymous-usage-statistics>
                    <enabled>false</enabled>
                </anonymous-usage-statistics>
                <persistence>
                    <mode>%s</mode>
                </persistence>
            </hivemq>
            """.formatted(
                        port,
                        tlsListener(),
                        SERVER_RECEIVE_MAXIMUM,
                        MAX_QUEUED_MESSAGES,
                        filePersistence ? "file" : "in-memory");
        try {
            Files.writeString(file, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** HiveMQ's TLS listener: a server key store issued by the CA; the CA's store checks client certificates. */
    private String tlsListener() {
        if (tlsCa == null) return "";
        Path tls = dataDir.resolve("tls");
        tlsCa.writeCa(tls.resolve("ca"));
        LocalCa.Credentials server = tlsCa.writeServer(tls.resolve("broker"), List.of("127.0.0.1", "localhost"));
        String caPassword;
        try {
            caPassword =
                    Files.readString(tls.resolve("ca").resolve("ca.password")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return """

                    <tls-tcp-listener>
                        <port>%d</port>
                        <bind-address>127.0.0.1</bind-address>
                        <tls>
                            <keystore>
                                <path>%s</path>
                                <password>%s</password>
                                <private-key-password>%s</private-key-password>
                            </keystore>
                            <truststore>
                                <path>%s</path>
                                <password>%s</password>
                            </truststore>
                            <client-authentication-mode>%s</client-authentication-mode>
                        </tls>
                    </tls-tcp-listener>""".formatted(
                        tlsPort,
                        server.keyStore(),
                        server.password(),
                        server.password(),
                        tls.resolve("ca").resolve("ca.p12"),
                        caPassword,
                        requireClientCertificate ? "REQUIRED" : "OPTIONAL");
    }

    private void requireStarted() {
        if (hivemq == null) {
            throw new IllegalStateException("EmbeddedMqttBroker is not started");
        }
    }

    /** Configuration for {@link EmbeddedMqttBroker}; every setting is optional. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private boolean filePersistence;
        private String trustedClientIdPrefix;
        private LocalCa tlsCa;
        private boolean requireClientCertificate;
        private final Map<String, String> users = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Also opens a TLS listener on a free loopback port ({@link EmbeddedMqttBroker#tlsUrl()}), its server
         * certificate issued by {@code ca}; with {@code requireClientCertificate} a client must present a certificate
         * issued by {@code ca} (mTLS), otherwise one is checked only when offered.
         */
        public Builder tls(LocalCa ca, boolean requireClientCertificate) {
            this.tlsCa = ca;
            this.requireClientCertificate = requireClientCertificate;
            return this;
        }

        /**
         * Refuses every CONNECT (on every listener) whose user name and password are not one of these, with "bad
         * user name or password" (an embedded HiveMQ extension; HiveMQ CE has no credential check of its own).
         */
        public Builder user(String name, String password) {
            users.put(name, password);
            return this;
        }

        /**
         * Refuse every client whose id does not start with {@code consumerClientIdPrefix} with "server
         * unavailable" until {@link EmbeddedMqttBroker#admitDevices()}: devices cannot have a QoS-1 message
         * acknowledged before the subscription that receives it exists.
         */
        public Builder refuseDevicesUntilAdmitted(String consumerClientIdPrefix) {
            this.trustedClientIdPrefix = consumerClientIdPrefix;
            return this;
        }

        /** TCP port on 127.0.0.1; 0, the default, picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Folder for HiveMQ's conf/, data/ and extensions/; default: a temp dir deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /**
         * Keep sessions, their queued messages (including a shared subscription's queue) and retained
         * messages on disk under the data dir, so they survive a crash or restart of this JVM (default: in
         * memory, which starts faster and is enough when the broker lives as long as the JVM).
         */
        public Builder filePersistence(boolean filePersistence) {
            this.filePersistence = filePersistence;
            return this;
        }

        public EmbeddedMqttBroker build() {
            return new EmbeddedMqttBroker(this);
        }
    }
}
