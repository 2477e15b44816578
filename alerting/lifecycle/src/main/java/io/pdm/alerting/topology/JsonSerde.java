package io.pdm.alerting.topology;

import io.pdm.schemas.alerting.AlertJson;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Store values as the contracts' JSON, so the changelog reads like the public state topic. */
final class JsonSerde {
    private JsonSerde() {}

    static <T> Serde<T> of(Class<T> type) {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : AlertJson.toBytes(value), (topic, bytes) -> {
            if (bytes == null) return null;
            try {
                return AlertJson.mapper().readValue(bytes, type);
            } catch (IOException e) {
                throw new SerializationException("stored " + type.getSimpleName() + " unreadable", e);
            }
        });
    }
}
