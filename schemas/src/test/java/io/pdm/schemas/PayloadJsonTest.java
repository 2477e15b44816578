package io.pdm.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.schemas.mqtt.MaintenanceLogPayload;
import io.pdm.schemas.mqtt.PayloadJson;
import io.pdm.schemas.mqtt.ScalarSnapshotPayload;
import io.pdm.schemas.mqtt.WaveformBlockPayload;
import io.pdm.schemas.testing.ContractSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What our own publishers (simulator, replay) write matches the JSON Schema contract files. */
class PayloadJsonTest {
    static final Instant T = Instant.parse("2026-11-25T10:00:00.250Z");

    @Test
    void payloadsAreValidForTheirSchemas() throws Exception {
        assertValid(new ScalarSnapshotPayload(T, Map.of("temp", 1.5, "vib.rms", -0.25)), "telemetry-snapshot");
        assertValid(new WaveformBlockPayload(T, "vib", 1000, new float[] {1f, 2f}), "waveform-block");
        assertValid(new MaintenanceLogPayload("wo-1", T, "REPAIR", "seal", "jd", "replaced seal"), "maintenance-log");
        // Absent optionals are left out, not written as null (which the schema refuses).
        assertValid(new MaintenanceLogPayload("wo-2", T, null, null, null, "looked"), "maintenance-log");
    }

    @Test
    void theCheckCatchesWhatOurPublishersMustNotWrite() throws Exception {
        // What the former required-fields-only check let through: a bad sensor name, a zero rate, an unknown action.
        assertThat(validate(new ScalarSnapshotPayload(T, Map.of("temp/C", 1.5)), "telemetry-snapshot"))
                .isNotEmpty();
        assertThat(validate(new WaveformBlockPayload(T, "vib", 0, new float[] {1f}), "waveform-block"))
                .isNotEmpty();
        assertThat(validate(new MaintenanceLogPayload("wo-1", T, "FIXED", null, null, "x"), "maintenance-log"))
                .isNotEmpty();
    }

    @Test
    void timestampsAreIso8601() throws Exception {
        JsonNode node =
                PayloadJson.mapper().readTree(PayloadJson.toBytes(new ScalarSnapshotPayload(T, Map.of("x", 1.0))));
        assertThat(node.get("ts").asText()).isEqualTo("2026-11-25T10:00:00.250Z");
    }

    private static void assertValid(Object payload, String schemaName) throws Exception {
        assertThat(validate(payload, schemaName))
                .as("%s: %s", schemaName, new String(PayloadJson.toBytes(payload), StandardCharsets.UTF_8))
                .isEmpty();
    }

    private static List<String> validate(Object payload, String schemaName) throws Exception {
        return ContractSchemas.validate(schemaName, PayloadJson.mapper().readTree(PayloadJson.toBytes(payload)));
    }
}
