package io.pdm.alerting.topology;

import static io.pdm.alerting.topology.Plant.fp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.pdm.alerting.lifecycle.Fingerprints;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.testing.ContractSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The public topic's contract: CloudEvents 1.0 structured JSON with the attributes consumers deduplicate and route by,
 * a data part valid against maintenance-event-data/v1, work requests within Maximo's and SAP's limits, and states
 * valid against alert-state/v1. Writes the worked example of docs/maintenance-events.md to target/.
 */
class MaintenanceEventContractTest {
    static final Instant T = Plant.START;

    @Test
    void eventsAreStructuredCloudEventsWhoseDataAndStatesMatchTheSchemas() throws IOException {
        try (Plant plant = Plant.immediate()) {
            String fp = fp("pump-7", "REMAINING_LIFE_LOW", "bearing-wear");
            plant.candidate("pump-7", "REMAINING_LIFE_LOW", "bearing-wear", "RAISED", 720, T);
            plant.command("{\"type\":\"request-work\",\"fingerprint\":\"" + fp + "\",\"asset\":\"pump-7\","
                    + "\"by\":\"alice.meyer\",\"comment\":\"please plan a bearing change this week\"}");
            List<TestRecord<String, byte[]>> records = plant.events.readRecordsToList();
            assertThat(records).hasSize(2);
            Set<String> ids = new HashSet<>();
            for (TestRecord<String, byte[]> r : records) {
                assertThat(r.key()).isEqualTo("pump-7");
                assertThat(new String(r.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                        .startsWith("application/cloudevents+json");
                JsonNode json = AlertJson.mapper().readTree(r.value());
                assertThat(json.get("specversion").asText()).isEqualTo("1.0");
                assertThat(json.get("source").asText()).isEqualTo("/pdm/plants/plant-a/alerting");
                assertThat(json.get("subject").asText()).isEqualTo("pump-7");
                assertThat(json.get("datacontenttype").asText()).isEqualTo("application/json");
                assertThat(json.get("data").isObject())
                        .as("structured mode: data is JSON, not base64")
                        .isTrue();
                assertThat(ContractSchemas.validate("maintenance-event-data", json.get("data")))
                        .isEmpty();
                ids.add(json.get("id").asText());
            }
            assertThat(ids).containsExactlyInAnyOrder(fp + "-1-1", fp + "-1-2");

            CloudEvent work = MaintenanceEvents.parse(records.get(1).value());
            assertThat(work.getType()).isEqualTo("io.pdm.alert.work-requested");
            JsonNode data = AlertJson.mapper().readTree(work.getData().toBytes());
            JsonNode maximo = data.at("/workRequest/maximo"), sap = data.at("/workRequest/sapPm");
            assertThat(maximo.get("assetnum").asText()).isEqualTo("PUMP-7");
            assertThat(maximo.get("siteid").asText()).isEqualTo("PLANT-A");
            assertThat(maximo.get("reportedpriority").asInt()).isEqualTo(2); // HIGH band
            assertThat(maximo.get("reportedby").asText()).isEqualTo("alice.meyer");
            assertThat(maximo.get("description_longdescription").asText())
                    .contains("Remaining life 96 HOUR (90% interval 60-130)", "WO-1041", fp + " #1");
            assertThat(sap.get("notificationType").asText()).isEqualTo("M2");
            assertThat(sap.get("shortText").asText())
                    .hasSizeLessThanOrEqualTo(40)
                    .endsWith("…");
            assertThat(sap.get("damageCode").asText()).isEqualTo("bearing-wear");
            assertThat(sap.get("objectPartCode").asText()).isEqualTo("bearing");
            assertThat(sap.get("damageCodeGroup").asText()).isEqualTo("PUMP-SET");
            assertThat(sap.get("causeCode").asText()).isEqualTo("REMAINING_LIFE_LOW");
            assertThat(sap.get("priority").asText()).isEqualTo("2");
            assertThat(data.at("/alert/facts/evidence/measurements/0/standard").asText())
                    .isEqualTo("ISO 20816-3:2022");
            assertThat(data.at("/alert/facts/evidence/measurements/1/limit").isMissingNode())
                    .as("an unknown (NaN) limit is left out")
                    .isTrue();
            assertThat(data.at("/alert/band").asText()).isEqualTo("HIGH");

            for (TestRecord<String, byte[]> s : plant.stateRecords()) {
                assertThat(ContractSchemas.validate("alert-state", new String(s.value(), StandardCharsets.UTF_8)))
                        .isEmpty();
            }

            Path example = Path.of("target", "worked-example", "work-requested.json");
            Files.createDirectories(example.getParent());
            Files.write(
                    example,
                    AlertJson.mapper()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsBytes(
                                    AlertJson.mapper().readTree(records.get(1).value())));
        }
    }

    @Test
    void theFingerprintRuleIsInferences() {
        // the value inference's Fingerprint.of("plant-a", "pump-1", REMAINING_LIFE_LOW, "bearing-wear").hash() gives
        assertThat(Fingerprints.of("plant-a", "pump-1", "REMAINING_LIFE_LOW", "bearing-wear"))
                .isEqualTo("10d8847c3c66046f");
    }
}
