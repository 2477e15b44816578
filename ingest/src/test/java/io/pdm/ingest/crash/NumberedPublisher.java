package io.pdm.ingest.crash;

import io.pdm.schemas.MqttTopics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device that publishes QoS-1 telemetry {@code {"values":{"seq":N}}} with increasing N as fast as
 * its in-flight window allows, reconnecting whenever the broker is gone or refuses it, and records
 * every N the broker acknowledged (PUBACK). Unacknowledged numbers are not retried: the broker
 * made no promise about them.
 */
final class NumberedPublisher implements AutoCloseable {
    private final MqttAsyncClient client;
    private final String topic;
    private final Set<Integer> acked = new ConcurrentSkipListSet<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    NumberedPublisher(String url, String plant) throws MqttException {
        this.client = new MqttAsyncClient(url, "crash-device-1", new MemoryPersistence());
        this.topic = MqttTopics.telemetry(plant, "asset-1");
        this.thread = new Thread(this::run, "numbered-publisher");
    }

    void start() {
        thread.start();
    }

    private void run() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(100);
        o.setConnectionTimeout(5);
        while (running) {
            try {
                if (!client.isConnected()) {
                    client.connect(o).waitForCompletion(10_000);
                }
                int seq = next.get();
                byte[] payload = ("{\"ts\":\"" + Instant.now() + "\",\"values\":{\"seq\":" + seq + "}}")
                        .getBytes(StandardCharsets.UTF_8);
                MqttMessage m = new MqttMessage(payload);
                m.setQos(1);
                client.publish(topic, m, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        acked.add(seq);
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {}
                });
                next.incrementAndGet();
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                    sleep(1);
                } else {
                    if (e.getReasonCode() == MqttException.REASON_CODE_BROKER_UNAVAILABLE) refusals.incrementAndGet();
                    sleep(200);
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops publishing and waits for outstanding PUBACKs a moment. */
    void stopPublishing() throws InterruptedException {
        running = false;
        thread.join(10_000);
        sleep(2_000);
    }

    Set<Integer> acked() {
        return Set.copyOf(acked);
    }

    int attempted() {
        return next.get();
    }

    /** Connect refusals by the broker's device gate (MQTT 3 return code 3, "server unavailable"). */
    int refusals() {
        return refusals.get();
    }

    @Override
    public void close() throws MqttException {
        running = false;
        try {
            if (client.isConnected()) client.disconnectForcibly(1_000);
        } finally {
            client.close(true);
        }
    }
}
