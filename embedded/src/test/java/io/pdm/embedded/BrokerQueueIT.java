package io.pdm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker keeps far more than HiveMQ's default 1,000 QoS-1 messages for a shared
 * subscription whose only (persistent) member is offline, so a restarting ingest loses nothing.
 */
class BrokerQueueIT {
    static final String FILTER = "$share/ingest/pdm/v1/+/+/telemetry";

    @Test
    void aPersistentSharedSubscriberFindsEveryMessageAfterBeingAway() throws Exception {
        int messages = 5_000;
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().build().start()) {
            AtomicInteger received = new AtomicInteger();
            MqttAsyncClient subscriber = subscriber(broker.url(), received);
            subscriber.disconnect().waitForCompletion(5_000);
            subscriber.close();

            MqttClient publisher = new MqttClient(broker.url(), "queue-pub", new MemoryPersistence());
            publisher.connect();
            for (int i = 0; i < messages; i++) publish(publisher, ("m" + i).getBytes());
            publisher.disconnect();
            publisher.close();

            MqttAsyncClient again = subscriber(broker.url(), received);
            await().atMost(Duration.ofSeconds(30)).until(() -> received.get() >= messages);
            assertThat(received.get()).isEqualTo(messages);
            again.disconnect().waitForCompletion(5_000);
            again.close();
        }
    }

    /** Paho frees a blocking client's in-flight slot just after the token completes: retry that one error. */
    static void publish(MqttClient publisher, byte[] payload) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                publisher.publish("pdm/v1/p/a/telemetry", payload, 1, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != 32202 /* too many publishes in progress */ || attempt > 1000) throw e;
                Thread.sleep(1);
            }
        }
    }

    private static MqttAsyncClient subscriber(String url, AtomicInteger received) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, "queue-sub", new MemoryPersistence());
        c.setCallback(new MessageCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.incrementAndGet();
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        c.connect(o).waitForCompletion(10_000);
        c.subscribe(new MqttSubscription[] {new MqttSubscription(FILTER, 1)}).waitForCompletion(10_000);
        return c;
    }
}
