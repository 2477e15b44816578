package io.pdm.launcher.e2e;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Device-like QoS-1 publishers speaking MQTT 5 and MQTT 3.1.1 (blocking: each publish waits for its PUBACK). */
final class MqttPublishers {
    private MqttPublishers() {}

    interface Publisher extends AutoCloseable {
        void publish(String topic, byte[] payload) throws Exception;
    }

    static Publisher v5(String url, String clientId) throws MqttException {
        MqttClient client = new MqttClient(url, clientId, null);
        client.connect(new MqttConnectionOptions());
        return new Publisher() {
            @Override
            public void publish(String topic, byte[] payload) throws Exception {
                retryWhileInFlightFull(
                        () -> client.publish(topic, payload, 1, false),
                        e -> e instanceof MqttException m ? m.getReasonCode() : -1);
            }

            @Override
            public void close() throws Exception {
                client.disconnect();
                client.close();
            }
        };
    }

    interface Send {
        void run() throws Exception;
    }

    /**
     * Paho's blocking clients free the in-flight slot just after the PUBACK token completes, so the
     * next publish can fail with "too many publishes in progress" (32202): wait a moment and retry that.
     */
    static void retryWhileInFlightFull(Send send, java.util.function.ToIntFunction<Exception> reason) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                send.run();
                return;
            } catch (Exception e) {
                if (reason.applyAsInt(e) != 32202 || attempt > 1000) throw e;
                Thread.sleep(1);
            }
        }
    }

    static Publisher v311(String url, String clientId) throws org.eclipse.paho.client.mqttv3.MqttException {
        var client = new org.eclipse.paho.client.mqttv3.MqttClient(url, clientId, null);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        return new Publisher() {
            @Override
            public void publish(String topic, byte[] payload) throws Exception {
                retryWhileInFlightFull(
                        () -> client.publish(topic, payload, 1, false),
                        e -> e instanceof org.eclipse.paho.client.mqttv3.MqttException m ? m.getReasonCode() : -1);
            }

            @Override
            public void close() throws Exception {
                client.disconnect();
                client.close();
            }
        };
    }
}
