package io.pdm.devices.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.mqtt.PayloadJson;
import io.pdm.schemas.mqtt.ScalarSnapshotPayload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/** Deliberately broken telemetry, one flaw each, so every DLQ reason of ingest gets exercised in a demo. */
final class Malformed {
    enum Flaw {
        BAD_JSON,
        NAN_STRING,
        BAD_ID,
        STALE_TS
    }

    /** Older than ingest's default past skew (7 days). */
    static final Duration STALE_BY = Duration.ofDays(30);

    private Malformed() {}

    static SimMessage of(SplittableRandom rng, String plant, String asset, Instant ts, Map<String, Double> values) {
        Flaw flaw = Flaw.values()[rng.nextInt(Flaw.values().length)];
        String topic = MqttTopics.telemetry(plant, asset);
        byte[] good = PayloadJson.toBytes(new ScalarSnapshotPayload(ts, values));
        byte[] payload = switch (flaw) {
            // Cut mid-document, as a device with a full buffer would send it.
            case BAD_JSON ->
                new String(good, StandardCharsets.UTF_8)
                        .substring(0, good.length / 2)
                        .getBytes(StandardCharsets.UTF_8);
            case NAN_STRING -> {
                ObjectNode node = PayloadJson.mapper().valueToTree(new ScalarSnapshotPayload(ts, values));
                ObjectNode vals = (ObjectNode) node.get("values");
                vals.put(vals.fieldNames().next(), "NaN");
                yield PayloadJson.toBytes(node);
            }
            case BAD_ID -> good;
            case STALE_TS -> PayloadJson.toBytes(new ScalarSnapshotPayload(ts.minus(STALE_BY), values));
        };
        // Upper case and '.' break Ids.ID but are legal in an MQTT topic, so the broker still delivers it.
        if (flaw == Flaw.BAD_ID)
            topic = MqttTopics.telemetry(
                    plant, asset.toUpperCase(java.util.Locale.ROOT).replace('-', '.'));
        return new SimMessage(topic, payload, SimMessage.Kind.MALFORMED);
    }
}
