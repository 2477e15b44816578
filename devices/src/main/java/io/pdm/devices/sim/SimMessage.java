package io.pdm.devices.sim;

import java.nio.charset.StandardCharsets;

/**
 * One MQTT message the simulator wants published. {@code MALFORMED} messages are deliberately invalid
 * (bad JSON, NaN as a string, bad asset id, stale timestamp) so ingest's dead-letter path has traffic.
 */
public record SimMessage(String topic, byte[] payload, Kind kind) {
    public enum Kind {
        SNAPSHOT,
        WAVEFORM,
        MAINTENANCE,
        MALFORMED
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
