package io.pdm.embedded;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private EmbeddedHiveMQ hivemq;
    private Path dataDir;
    private boolean tempDir;
    private int port;

    private EmbeddedMqttBroker(Builder b) {
        this.requestedPort = b.port;
        this.configuredDataDir = b.dataDir;
        this.filePersistence = b.filePersistence;
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
        // HiveMQ needs a concrete port in its config, so resolve 0 here.
        port = FreePorts.orFree(requestedPort);
        Path conf = DataDirs.ensure(dataDir.resolve("conf"));
        writeConfig(conf.resolve("config.xml"));
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(DataDirs.ensure(dataDir.resolve("data")))
                .withExtensionsFolder(DataDirs.ensure(dataDir.resolve("extensions")))
                // Keep the host application's slf4j/logback setup; HiveMQ would otherwise reconfigure logback.
                .withoutLoggingBootstrap()
                .build();
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
        LOG.info("Embedded MQTT broker started at {} (data dir {})", url(), dataDir);
        return this;
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

    /** Stops HiveMQ, waits for it, and deletes a temp data dir. */
    @Override
    public synchronized void close() {
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
                    </tcp-listener>
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
                        port, SERVER_RECEIVE_MAXIMUM, MAX_QUEUED_MESSAGES, filePersistence ? "file" : "in-memory");
        try {
            Files.writeString(file, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
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

        private Builder() {}

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
         * Keep sessions/retained messages on disk under the data dir (default: in memory, which starts
         * faster and is enough when the broker lives as long as the JVM).
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
