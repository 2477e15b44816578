package io.pdm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/**
 * With file persistence, what the broker acknowledged to a device survives a broker restart on the same
 * data dir: a shared subscription's queue for an offline persistent member, and messages that were in
 * flight to a member that never acknowledged them.
 */
class BrokerPersistenceIT {
    private static final int MESSAGES = 3_000;

    @Test
    void queuedMessagesOfAnOfflineSharedSubscriberSurviveABrokerRestart() throws Exception {
        Path dir = Files.createTempDirectory("pdm-mqtt-persist-");
        int port = FreePorts.find();
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (EmbeddedMqttBroker broker = persistent(dir, port)) {
            MqttAsyncClient sub = subscriber(broker.url(), received, true);
            sub.disconnect().waitForCompletion(5_000);
            sub.close();
            publishAll(broker.url());
        }
        try (EmbeddedMqttBroker broker = persistent(dir, port)) {
            MqttAsyncClient sub = subscriber(broker.url(), received, true);
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= MESSAGES);
            sub.disconnect().waitForCompletion(5_000);
            sub.close();
        }
        assertThat(received).hasSize(MESSAGES);
        DataDirs.deleteQuietly(dir);
    }

    @Test
    void messagesInFlightToAMemberThatNeverAckedSurviveABrokerRestart() throws Exception {
        Path dir = Files.createTempDirectory("pdm-mqtt-persist-");
        int port = FreePorts.find();
        Set<String> seenFirst = ConcurrentHashMap.newKeySet();
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (EmbeddedMqttBroker broker = persistent(dir, port)) {
            MqttAsyncClient sub = subscriber(broker.url(), seenFirst, false); // receives, never acks
            publishAll(broker.url());
            await().atMost(Duration.ofSeconds(10)).until(() -> !seenFirst.isEmpty());
            sub.disconnect().waitForCompletion(5_000);
            sub.close();
        }
        try (EmbeddedMqttBroker broker = persistent(dir, port)) {
            MqttAsyncClient sub = subscriber(broker.url(), received, true);
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= MESSAGES);
            sub.disconnect().waitForCompletion(5_000);
            sub.close();
        }
        assertThat(received).hasSize(MESSAGES);
        DataDirs.deleteQuietly(dir);
    }

    private static EmbeddedMqttBroker persistent(Path dir, int port) {
        return EmbeddedMqttBroker.builder()
                .dataDir(dir)
                .port(port)
                .filePersistence(true)
                .build()
                .start();
    }

    private static void publishAll(String url) throws Exception {
        MqttClient publisher = new MqttClient(url, "persist-pub", new MemoryPersistence());
        publisher.connect();
        for (int i = 0; i < MESSAGES; i++) BrokerQueueIT.publish(publisher, ("m" + i).getBytes());
        publisher.disconnect();
        publisher.close();
    }

    private static MqttAsyncClient subscriber(String url, Set<String> received, boolean ack) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, "persist-sub", new MemoryPersistence());
        c.setManualAcks(true);
        c.setCallback(new MessageCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) throws MqttException {
                received.add(new String(message.getPayload()));
                if (ack) c.messageArrivedComplete(message.getId(), message.getQos());
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setReceiveMaximum(100);
        c.connect(o).waitForCompletion(10_000);
        c.subscribe(new MqttSubscription[] {new MqttSubscription(BrokerQueueIT.FILTER, 1)})
                .waitForCompletion(10_000);
        return c;
    }
}
