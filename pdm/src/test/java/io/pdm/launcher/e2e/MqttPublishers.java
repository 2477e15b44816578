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
            @Override public void publish(String topic, byte[] payload) throws Exception {
                client.publish(topic, payload, 1, false);
            }

            @Override public void close() throws Exception {
                client.disconnect();
                client.close();
            }
        };
    }

    static Publisher v311(String url, String clientId) throws org.eclipse.paho.client.mqttv3.MqttException {
        var client = new org.eclipse.paho.client.mqttv3.MqttClient(url, clientId, null);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        return new Publisher() {
            @Override public void publish(String topic, byte[] payload) throws Exception {
                client.publish(topic, payload, 1, false);
            }

            @Override public void close() throws Exception {
                client.disconnect();
                client.close();
            }
        };
    }
}
