package io.pdm.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.schemas.mqtt.MaintenanceLogPayload;
import io.pdm.schemas.mqtt.PayloadJson;
import io.pdm.schemas.mqtt.ScalarSnapshotPayload;
import io.pdm.schemas.mqtt.WaveformBlockPayload;
import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What our own publishers (simulator, replay) write matches the JSON Schema contract files. */
class PayloadJsonTest {
    static final Instant T = Instant.parse("2026-11-25T10:00:00.250Z");

    @Test
    void payloadsCarryExactlyTheSchemaProperties() throws Exception {
        assertMatchesSchema(new ScalarSnapshotPayload(T, Map.of("temp", 1.5)), "telemetry-snapshot");
        assertMatchesSchema(new WaveformBlockPayload(T, "vib", 1000, new float[] {1f, 2f}), "waveform-block");
        assertMatchesSchema(new MaintenanceLogPayload("wo-1", T, "REPAIR", "seal", "jd", "replaced seal"), "maintenance-log");
    }

    @Test
    void timestampsAreIso8601() throws Exception {
        JsonNode node = PayloadJson.mapper().readTree(PayloadJson.toBytes(new ScalarSnapshotPayload(T, Map.of("x", 1.0))));
        assertThat(node.get("ts").asText()).isEqualTo("2026-11-25T10:00:00.250Z");
    }

    private static void assertMatchesSchema(Object payload, String schemaName) throws Exception {
        JsonNode json = PayloadJson.mapper().readTree(PayloadJson.toBytes(payload));
        JsonNode schema;
        try (InputStream in = PayloadJsonTest.class.getResourceAsStream("/json/" + schemaName + ".schema.json")) {
            schema = PayloadJson.mapper().readTree(in);
        }
        for (JsonNode required : schema.get("required")) {
            assertThat(json.has(required.asText())).as("%s has %s", schemaName, required.asText()).isTrue();
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            assertThat(schema.get("properties").has(field)).as("%s declares %s", schemaName, field).isTrue();
        }
    }
}
