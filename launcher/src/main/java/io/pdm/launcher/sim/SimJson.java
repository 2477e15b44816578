package io.pdm.launcher.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pdm.schemas.mqtt.PayloadJson;

/**
 * The contract's JSON configuration plus sorted map keys: {@code Map.copyOf} iterates in an order
 * salted per JVM, and the same seed must give the same bytes in every run.
 */
public final class SimJson {
    private static final ObjectMapper MAPPER = PayloadJson.mapper().copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private SimJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] bytes(Object payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + payload.getClass().getSimpleName(), e);
        }
    }
}
