package io.pdm.schemas.mqtt;

import java.time.Instant;
import java.util.Map;

/** {@code { "ts": ISO-8601, "values": { "sensor": number, … } }}: scalar sensors read at one instant. */
public record ScalarSnapshotPayload(Instant ts, Map<String, Double> values) implements TelemetryPayload {
    public ScalarSnapshotPayload {
        values = Map.copyOf(values);
    }
}
