package io.pdm.ingest;

import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.avro.LogSource;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import io.pdm.schemas.avro.TelemetryRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 → Kafka bridge. {@code connections} Paho clients join the shared subscription group
 * {@code pdm-ingest} with persistent sessions (clean start false, session expiry), QoS 1 and manual
 * acknowledgements. A message is acknowledged only after Kafka acknowledged its record (valid →
 * telemetry / maintenance-logs topic, invalid → DLQ), in arrival order via {@link AckSequencer}.
 * When Kafka fails a send, the connection stops acknowledging and reconnects, so the broker
 * redelivers everything not yet acknowledged: at-least-once, never loss.
 */
public final class MqttKafkaBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttKafkaBridge.class);
    private static final KafkaSink.Callback NO_ACK = e -> {};

    private final IngestConfig config;
    private final PayloadValidator validator;
    private final KafkaSink sink;
    private final MaintenanceIntake intake;
    private final IngestMetrics metrics;
    private final List<Connection> connections = new ArrayList<>();
    private final ExecutorService recovery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pdm-ingest-mqtt-recovery");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closing;

    public MqttKafkaBridge(IngestConfig config, MaintenanceIntake intake) {
        this.config = config;
        this.intake = intake;
        this.validator = intake.validator();
        this.sink = intake.sink();
        this.metrics = intake.metrics();
    }

    /**
     * Topic filters, as shared subscriptions unless configured off: everything under {@code pdm/} for all
     * plants, {@code pdm/v1/{plant}/#} per configured plant. Wider than the topic layout on purpose: the
     * broker acknowledges a message nobody subscribed to and drops it, so whatever a device sends under
     * the prefix must reach ingest, to be stored or dead-lettered ({@code UNKNOWN_TOPIC}) with a reason.
     */
    List<String> filters() {
        List<String> filters = new ArrayList<>();
        if (config.plants().isEmpty()) filters.add(subscription(ALL_UNDER_PREFIX));
        else config.plants().forEach(p -> filters.add(subscription(MqttTopics.PREFIX + p + "/#")));
        return filters;
    }

    /** Every topic of the platform, any version: {@code pdm/#}. */
    static final String ALL_UNDER_PREFIX = MqttTopics.PREFIX.substring(0, MqttTopics.PREFIX.indexOf('/') + 1) + "#";

    private String subscription(String filter) {
        return config.sharedSubscription() ? MqttTopics.shared(filter) : filter;
    }

    /** Connects every client and subscribes; returns when all subscriptions are granted. */
    public void start() throws MqttException {
        for (int i = 0; i < config.connections(); i++) {
            Connection c = new Connection(config.clientIdPrefix() + "-" + i);
            connections.add(c);
            try {
                c.connectAndSubscribe();
            } catch (MqttException e) { // e.g. "Bad user name or password (134)", an untrusted certificate
                throw new MqttException(
                        e.getReasonCode(),
                        new IllegalStateException(
                                "MQTT broker " + config.mqttUrl() + " refused " + c.clientId + " ("
                                        + config.mqttSecurity().describe(config.mqttUrl()) + "): " + e,
                                e));
            }
        }
        LOG.info(
                "MQTT bridge connected {} client(s) to {} ({}), filters {}",
                connections.size(),
                config.mqttUrl(),
                config.mqttSecurity().describe(config.mqttUrl()),
                filters());
    }

    /**
     * Stops taking messages, waits until Kafka acknowledged what was sent (so those messages get
     * their PUBACK), then disconnects. Messages that arrive meanwhile stay unacknowledged and are
     * redelivered to the next session.
     */
    @Override
    public void close() {
        if (closing) return;
        closing = true;
        sink.flush();
        stopRecovery();
        for (Connection c : connections) c.disconnect(5_000);
        connections.clear();
    }

    /** Simulates a crash: drops the connections without acknowledging anything still pending. */
    void crash() {
        closing = true;
        for (Connection c : connections) c.sequencer.retire();
        stopRecovery();
        for (Connection c : connections) c.disconnect(0);
        connections.clear();
    }

    /** Lets a running reconnect attempt finish (it sees {@code closing}) so no client is left connecting. */
    private void stopRecovery() {
        recovery.shutdown();
        try {
            if (!recovery.awaitTermination(30, TimeUnit.SECONDS)) recovery.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(Connection c, String topic, MqttMessage msg) {
        long now = System.currentTimeMillis();
        metrics.received();
        KafkaSink.Callback cb = NO_ACK;
        if (msg.getQos() > 0) {
            AckSequencer seq = c.sequencer;
            long slot = seq.register(msg.getId(), msg.getQos());
            cb = e -> {
                if (e == null) {
                    seq.complete(slot);
                } else {
                    seq.fail(slot);
                    c.recover(seq, e);
                }
            };
        }
        byte[] payload = msg.getPayload();
        try {
            route(topic, payload, now, cb);
        } catch (RuntimeException e) { // a validator bug must not stall the ack sequence
            LOG.error("unexpected failure handling a message on {}", topic, e);
            sink.deadLetter(
                    config.fallbackPlant(),
                    null,
                    topic,
                    new Rejection(RejectReason.INTERNAL_ERROR, null, String.valueOf(e)),
                    payload,
                    now,
                    cb);
        }
    }

    private void route(String topic, byte[] payload, long now, KafkaSink.Callback cb) {
        Optional<MqttTopics.Address> parsed = MqttTopics.parse(topic);
        if (parsed.isEmpty()) {
            sink.deadLetter(
                    config.fallbackPlant(),
                    null,
                    topic,
                    new Rejection(
                            RejectReason.UNKNOWN_TOPIC,
                            null,
                            "topic '" + topic + "' is not pdm/v1/{plant}/{asset}/telemetry|maintenance"),
                    payload,
                    now,
                    cb);
            return;
        }
        MqttTopics.Address a = parsed.get();
        if (a.kind() == MqttTopics.Kind.TELEMETRY) {
            Outcome<TelemetryRecord> o = validator.telemetry(a.plant(), a.asset(), payload, now);
            if (o.isOk()) sink.telemetry(o.value(), cb);
            else sink.deadLetter(a.plant(), a.asset(), topic, o.rejection(), payload, now, cb);
        } else {
            Outcome<MaintenanceLogRecord> o = validator.maintenance(a.plant(), a.asset(), payload, LogSource.MQTT, now);
            if (o.isOk()) intake.submit(o.value(), (status, e) -> cb.done(e));
            else sink.deadLetter(a.plant(), a.asset(), topic, o.rejection(), payload, now, cb);
        }
    }

    /** One Paho client: its delivery thread calls {@link #messageArrived}; it owns an ack sequencer. */
    private final class Connection implements MqttCallback {
        private final String clientId;
        private final MqttAsyncClient client;
        private final AtomicBoolean recovering = new AtomicBoolean();
        volatile AckSequencer sequencer;

        Connection(String clientId) throws MqttException {
            this.clientId = clientId;
            this.client = new MqttAsyncClient(config.mqttUrl(), clientId, new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(this);
            this.sequencer = newSequencer();
        }

        private AckSequencer newSequencer() {
            return new AckSequencer(config.receiveMaximum(), (id, qos) -> {
                try {
                    client.messageArrivedComplete(id, qos);
                } catch (MqttException e) { // connection gone: the broker redelivers after reconnect
                    LOG.debug("{}: could not acknowledge message {}: {}", clientId, id, e.toString());
                }
            });
        }

        private MqttConnectionOptions options() {
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
            o.setReceiveMaximum(config.receiveMaximum());
            // Reconnects are ours (see reconnect()): Paho's own cycle cannot be stopped by close().
            o.setAutomaticReconnect(false);
            o.setKeepAliveInterval(30);
            o.setConnectionTimeout(10);
            if (config.mqttUrl().startsWith("tcp://")) o.setSocketFactory(NoDelaySocketFactory.INSTANCE);
            config.mqttSecurity().applyTo(o, config.mqttUrl()); // ssl://: TLS socket factory; user and password
            return o;
        }

        void connectAndSubscribe() throws MqttException {
            client.connect(options()).waitForCompletion(15_000);
            subscribe().waitForCompletion(15_000);
        }

        private IMqttToken subscribe() throws MqttException {
            List<String> filters = filters();
            int[] qos = new int[filters.size()];
            java.util.Arrays.fill(qos, 1);
            return client.subscribe(filters.toArray(String[]::new), qos);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (closing) return; // not acknowledged: redelivered to the next session
            handle(this, topic, message);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            // Message ids belong to the lost network connection; unacked ones will be redelivered.
            sequencer.retire();
            if (closing) return;
            LOG.warn("{} disconnected: {}", clientId, response);
            reconnect(sequencer, "connection lost");
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        /** After a failed Kafka send: drop the connection so the broker redelivers every unacked message. */
        void recover(AckSequencer failed, Exception cause) {
            if (closing || failed != sequencer) return;
            reconnect(failed, "Kafka send failed (" + cause + ")");
        }

        /**
         * Drops the network connection (if any) and connects again with the same session, on the
         * recovery thread, retrying every second until connected or closing. A fresh sequencer is
         * installed because message ids are per network connection.
         */
        private void reconnect(AckSequencer current, String why) {
            if (!recovering.compareAndSet(false, true)) return;
            LOG.warn("{}: {}; reconnecting so the broker redelivers unacknowledged messages", clientId, why);
            try {
                recovery.execute(() -> {
                    try {
                        current.retire();
                        try {
                            client.disconnectForcibly(0, 1_000, false);
                        } catch (MqttException e) {
                            LOG.debug("{}: forced disconnect: {}", clientId, e.toString());
                        }
                        while (!closing) {
                            sequencer = newSequencer();
                            try {
                                connectAndSubscribe();
                                LOG.info("{} reconnected", clientId);
                                return;
                            } catch (MqttException e) {
                                LOG.warn("{}: reconnect failed: {}", clientId, e.toString());
                                sleepQuietly(1_000);
                            }
                        }
                    } finally {
                        recovering.set(false);
                        // a send may have failed on the new connection while we still held the flag
                        if (!closing && sequencer.isStopped()) reconnect(sequencer, "send failed during reconnect");
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                recovering.set(false); // closing
            }
        }

        void disconnect(long quiesceMillis) {
            try {
                if (quiesceMillis > 0 && client.isConnected()) {
                    client.disconnect(quiesceMillis).waitForCompletion(quiesceMillis + 5_000);
                } else {
                    client.disconnectForcibly(0, 1_000, false);
                }
            } catch (MqttException e) {
                LOG.debug("{}: disconnect: {}", clientId, e.toString());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("{}: close: {}", clientId, e.toString());
            }
        }

        private static void sleepQuietly(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("{}: MQTT error", clientId, exception);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
