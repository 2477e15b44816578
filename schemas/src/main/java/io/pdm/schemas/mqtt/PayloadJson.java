package io.pdm.schemas.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration for MQTT/REST JSON payloads: ISO-8601 timestamps, no nulls, and map
 * entries sorted by key, so the same payload always gives the same bytes ({@code Map.copyOf}
 * iterates in an order salted per JVM; seeded publishers rely on byte-identical output).
 */
public final class PayloadJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private PayloadJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises a payload record to UTF-8 JSON bytes as devices publish it. */
    public static byte[] toBytes(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot serialise " + payload.getClass().getSimpleName(), e);
        }
    }
}
