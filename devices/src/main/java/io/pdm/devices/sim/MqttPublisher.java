package io.pdm.devices.sim;

import java.time.Duration;

/**
 * Where device-side tools (simulator, replay) send messages. {@link PahoMqttPublisher} is the MQTT one;
 * tests use an in-memory list. Implementations publish with QoS 1 and may block for back-pressure.
 */
public interface MqttPublisher extends AutoCloseable {
    /** Hands one message over; throws {@link IllegalStateException} if it cannot be sent at all. */
    void publish(String topic, byte[] payload) throws InterruptedException;

    /** Waits until every message handed over so far is acknowledged (or failed); false on timeout. */
    default boolean flush(Duration timeout) throws InterruptedException {
        return true;
    }

    @Override
    default void close() {}
}
