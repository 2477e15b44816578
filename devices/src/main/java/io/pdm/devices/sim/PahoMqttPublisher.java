package io.pdm.devices.sim;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QoS 1 publisher on the Paho MQTT 5 async client. Up to the broker's Receive Maximum messages are in
 * flight at once (a semaphore, released on PUBACK), which is far faster than waiting for each PUBACK
 * and still bounds memory. While the connection is down, {@link #publish} retries until it reconnects.
 */
public final class PahoMqttPublisher implements MqttPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(PahoMqttPublisher.class);
    private static final int MAX_IN_FLIGHT = 1000;

    private final MqttAsyncClient client;
    private final Semaphore inFlight;
    private final int permits;
    private final AtomicLong acked = new AtomicLong(), failed = new AtomicLong();
    private volatile boolean closed;
    private final MqttActionListener listener = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            acked.incrementAndGet();
            inFlight.release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            if (failed.incrementAndGet() <= 5) LOG.warn("MQTT publish failed: {}", e.toString());
            inFlight.release();
        }
    };

    private PahoMqttPublisher(MqttAsyncClient client, int permits) {
        this.client = client;
        this.permits = permits;
        this.inFlight = new Semaphore(permits);
    }

    /** Connects (clean start, automatic reconnect, in-memory persistence: no files in the working directory). */
    public static PahoMqttPublisher connect(String brokerUrl, String clientId) {
        return connect(brokerUrl, clientId, options -> {});
    }

    /**
     * As {@link #connect(String, String)}, after {@code login} has set how the client proves who it is and checks the
     * broker (user name and password, TLS socket factory): the launcher hands in ingest's {@code MqttSecurity}, so
     * devices and ingest read the same {@code PDM_MQTT_*} settings.
     */
    public static PahoMqttPublisher connect(String brokerUrl, String clientId, Consumer<MqttConnectionOptions> login) {
        MqttAsyncClient client = null;
        try {
            client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
            MqttConnectionOptions opts = new MqttConnectionOptions();
            opts.setCleanStart(true);
            opts.setAutomaticReconnect(true);
            opts.setConnectionTimeout(10);
            login.accept(opts);
            IMqttToken token = client.connect(opts);
            token.waitForCompletion(15_000);
            Integer receiveMax = token.getResponseProperties() == null
                    ? null
                    : token.getResponseProperties().getReceiveMaximum();
            int permits = Math.min(MAX_IN_FLIGHT, receiveMax == null || receiveMax <= 0 ? 65_535 : receiveMax);
            return new PahoMqttPublisher(client, permits);
        } catch (MqttException e) {
            if (client != null) {
                try {
                    client.close(true);
                } catch (MqttException ignored) {
                    // already failing
                }
            }
            throw new IllegalStateException("cannot connect to MQTT broker " + brokerUrl + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload) throws InterruptedException {
        if (closed) throw new IllegalStateException("publisher is closed");
        inFlight.acquire();
        long backoffMs = 10;
        while (true) {
            try {
                client.publish(topic, payload, 1, false, null, listener);
                return;
            } catch (MqttException e) {
                int code = e.getReasonCode();
                boolean transientError = code == MqttClientException.REASON_CODE_MAX_INFLIGHT
                        || code == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
                        || code == MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS;
                if (!transientError || closed) {
                    inFlight.release();
                    failed.incrementAndGet();
                    throw new IllegalStateException("MQTT publish to " + topic + " failed: " + e.getMessage(), e);
                }
                // Broker window full or reconnecting: wait, do not drop.
                Thread.sleep(backoffMs);
                backoffMs = Math.min(1000, backoffMs * 2);
            }
        }
    }

    @Override
    public boolean flush(Duration timeout) throws InterruptedException {
        if (!inFlight.tryAcquire(permits, timeout.toMillis(), TimeUnit.MILLISECONDS)) return false;
        inFlight.release(permits);
        return true;
    }

    /** Messages the broker acknowledged (PUBACK). */
    public long acked() {
        return acked.get();
    }

    /** Messages that could not be delivered. */
    public long failed() {
        return failed.get();
    }

    /** Waits up to 10 s for outstanding PUBACKs, then disconnects and releases Paho's threads. */
    @Override
    public void close() {
        if (closed) return;
        try {
            flush(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        try {
            if (client.isConnected()) client.disconnect(5_000).waitForCompletion(6_000);
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close: {}", e.toString());
        }
    }
}
