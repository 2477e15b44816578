package io.pdm.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

class EmbeddedMqttBrokerIT {

    /**
     * Issue 14: after a restart the broker acknowledged devices' publishes before ingest subscribed, and
     * dropped them. With the gate a device is refused ("server unavailable") until admitted; the consumer
     * is always let in; after refuseDevices() devices are disconnected and refused again.
     */
    @Test
    void theDeviceGateRefusesDevicesUntilTheConsumerSubscribed() throws Exception {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder()
                .refuseDevicesUntilAdmitted("pdm-ingest")
                .build()
                .start()) {
            MqttClient device = new MqttClient(broker.url(), "device-1", new MemoryPersistence());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> device.connect())
                    .isInstanceOf(MqttException.class)
                    .satisfies(
                            e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x88));
            org.eclipse.paho.client.mqttv3.MqttClient v3device = new org.eclipse.paho.client.mqttv3.MqttClient(
                    broker.url(), "device-2", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            org.assertj.core.api.Assertions.assertThatThrownBy(v3device::connect)
                    .isInstanceOf(org.eclipse.paho.client.mqttv3.MqttException.class)
                    .satisfies(e -> assertThat(((org.eclipse.paho.client.mqttv3.MqttException) e).getReasonCode())
                            .isEqualTo(
                                    (int) org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_BROKER_UNAVAILABLE));

            MqttClient consumer = new MqttClient(broker.url(), "pdm-ingest-0", new MemoryPersistence());
            consumer.connect();
            assertThat(consumer.isConnected()).isTrue();
            // Paho 3 tries MQTT 3.1.1 and then 3.1: two or three refusals
            assertThat(broker.refusedConnects()).isGreaterThanOrEqualTo(2);

            broker.admitDevices();
            device.connect();
            assertThat(device.isConnected()).isTrue();

            broker.refuseDevices();
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> !device.isConnected());
            assertThat(consumer.isConnected()).isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> device.connect())
                    .isInstanceOf(MqttException.class);
            consumer.disconnect();
            consumer.close();
            device.close();
            v3device.close();
        }
    }

    @Test
    void v5AndV311PublishersReachASharedSubscription() throws Exception {
        Path dataDir;
        int port;
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().build().start()) {
            dataDir = broker.dataDir();
            port = broker.port();
            assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + port);
            assertThat(Files.readString(dataDir.resolve("conf/config.xml"))).contains("<enabled>false</enabled>");

            List<String> received = new CopyOnWriteArrayList<>();
            CountDownLatch both = new CountDownLatch(2);
            MqttClient subscriber = new MqttClient(broker.url(), "sub-1", new MemoryPersistence());
            subscriber.setCallback(new Collector(received, both));
            subscriber.connect(v5Options());
            subscriber.subscribe(new MqttSubscription[] {new MqttSubscription("$share/g/pdm/v1/+/+/telemetry", 1)});

            MqttClient v5 = new MqttClient(broker.url(), "pub-v5", new MemoryPersistence());
            v5.connect(v5Options());
            MqttMessage m5 = new MqttMessage("from-v5".getBytes(StandardCharsets.UTF_8));
            m5.setQos(1);
            v5.publish("pdm/v1/site-a/pump-1/telemetry", m5);

            org.eclipse.paho.client.mqttv3.MqttClient v3 = new org.eclipse.paho.client.mqttv3.MqttClient(
                    broker.url(), "pub-v3", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            MqttConnectOptions o3 = new MqttConnectOptions();
            o3.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            o3.setCleanSession(true);
            v3.connect(o3);
            v3.publish("pdm/v1/site-b/fan-7/telemetry", "from-v311".getBytes(StandardCharsets.UTF_8), 1, false);
            v3.publish("pdm/v1/site-b/fan-7/status", "not-telemetry".getBytes(StandardCharsets.UTF_8), 1, false);

            assertThat(both.await(20, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300); // a non-matching topic must not show up either
            assertThat(received)
                    .containsExactlyInAnyOrder(
                            "pdm/v1/site-a/pump-1/telemetry=from-v5", "pdm/v1/site-b/fan-7/telemetry=from-v311");

            v3.disconnect();
            v3.close();
            v5.disconnect();
            v5.close();
            subscriber.disconnect();
            subscriber.close();
        }
        assertThat(FreePorts.isListening(port)).isFalse();
        assertThat(dataDir).doesNotExist();
    }

    private static MqttConnectionOptions v5Options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        return o;
    }

    private record Collector(List<String> received, CountDownLatch latch) implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
            latch.countDown();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {}

        @Override
        public void mqttErrorOccurred(MqttException exception) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
