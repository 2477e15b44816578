package io.pdm.schemas;

import java.util.Optional;

/**
 * MQTT topic layout: {@code pdm/v1/{plant}/{asset}/telemetry} and {@code pdm/v1/{plant}/{asset}/maintenance}.
 * Ingest subscribes with a shared subscription so several instances split the load.
 */
public final class MqttTopics {
    public static final String PREFIX = "pdm/v1/";
    public static final String SHARE_GROUP = "pdm-ingest";

    private MqttTopics() {}

    public enum Kind {
        TELEMETRY("telemetry"),
        MAINTENANCE("maintenance");
        private final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }
    }

    /** A parsed topic. Ids are not validated here: ingest rejects bad ones with a reason. */
    public record Address(String plant, String asset, Kind kind) {
        public String topic() {
            return MqttTopics.topic(plant, asset, kind);
        }
    }

    public static String topic(String plant, String asset, Kind kind) {
        return PREFIX + plant + "/" + asset + "/" + kind.suffix();
    }

    public static String telemetry(String plant, String asset) {
        return topic(plant, asset, Kind.TELEMETRY);
    }

    public static String maintenance(String plant, String asset) {
        return topic(plant, asset, Kind.MAINTENANCE);
    }

    /** Topic filter for all plants' messages of one kind ({@code pdm/v1/+/+/telemetry}). */
    public static String filter(Kind kind) {
        return PREFIX + "+/+/" + kind.suffix();
    }

    /** Topic filter for one plant's messages of one kind ({@code pdm/v1/plant-a/+/telemetry}). */
    public static String filter(String plant, Kind kind) {
        return PREFIX + plant + "/+/" + kind.suffix();
    }

    /** MQTT 5 shared subscription of a filter: {@code $share/pdm-ingest/<filter>}. */
    public static String shared(String filter) {
        return "$share/" + SHARE_GROUP + "/" + filter;
    }

    /** Parses {@code pdm/v1/{plant}/{asset}/{kind}}; empty when the topic has another shape. */
    public static Optional<Address> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) return Optional.empty();
        String[] parts = topic.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 3) return Optional.empty();
        for (Kind kind : Kind.values()) {
            if (kind.suffix().equals(parts[2])) return Optional.of(new Address(parts[0], parts[1], kind));
        }
        return Optional.empty();
    }
}
