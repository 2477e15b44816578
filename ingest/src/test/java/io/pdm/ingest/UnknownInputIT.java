package io.pdm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.EmbeddedMqttBroker;
import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.DeadLetterRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, section 3: every input is stored or dead-lettered with the right reason. Topics under
 * {@code pdm/} that do not fit the layout (extra level, another version, another suffix) reach ingest
 * and become {@code UNKNOWN_TOPIC}; a valid but unknown plant becomes {@code UNKNOWN_PLANT} in the
 * fallback DLQ (MQTT) or a 404 problem (REST), and no topic is written for it.
 */
class UnknownInputIT {
    private static final String KNOWN = "known-plant";
    private static final String FALLBACK = "unknown-input-fallback";

    @Test
    void unknownTopicsAndPlantsAreDeadLetteredWithTheirReason() throws Exception {
        TestInfra.createTopics(KNOWN);
        TestInfra.kafka().createTopics(1, Topics.dlq(FALLBACK));
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder().build().start();
                IngestService svc = IngestService.start(IngestConfig.builder()
                        .mqttUrl(broker.url())
                        .kafkaBootstrap(TestInfra.kafka().bootstrapServers())
                        .clientIdPrefix("it-unknown")
                        .knownPlants(List.of(KNOWN))
                        .fallbackPlant(FALLBACK)
                        .restPort(0)
                        .build())) {
            byte[] snapshot =
                    ("{\"ts\":\"" + Instant.now() + "\",\"values\":{\"temp\":40.5}}").getBytes(StandardCharsets.UTF_8);
            MqttClient device = new MqttClient(broker.url(), "unknown-device", new MemoryPersistence());
            device.connect();
            Map<String, String> expected = Map.of(
                    "pdm/v1/" + KNOWN + "/pump-1/extra/telemetry",
                    "UNKNOWN_TOPIC",
                    "pdm/v2/" + KNOWN + "/pump-1/telemetry",
                    "UNKNOWN_TOPIC",
                    "pdm/v1/" + KNOWN + "/pump-1/status",
                    "UNKNOWN_TOPIC",
                    MqttTopics.telemetry("plant-z", "pump-1"),
                    "UNKNOWN_PLANT");
            for (String topic : expected.keySet()) device.publish(topic, snapshot, 1, false);
            device.publish(MqttTopics.telemetry(KNOWN, "pump-1"), snapshot, 1, false);
            device.disconnect();
            device.close();

            List<DeadLetterRecord> dead =
                    TestInfra.read(Topics.dlq(FALLBACK), expected.size(), Duration.ofSeconds(30), Duration.ofSeconds(1))
                            .stream()
                            .map(r -> BridgeIT.DLQ.decode(r.value()))
                            .toList();
            Map<String, String> reasons = dead.stream()
                    .collect(Collectors.toMap(
                            d -> d.getSource().toString(), d -> d.getReason().toString()));
            assertThat(reasons).isEqualTo(expected);
            assertThat(TestInfra.read(Topics.telemetry(KNOWN), 1, Duration.ofSeconds(30), Duration.ofSeconds(1)))
                    .hasSize(1);
            try (var admin = TestInfra.kafka().admin()) {
                assertThat(admin.listTopics().names().get()).noneMatch(t -> t.contains("plant-z"));
            }

            HttpResponse<String> rest = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.restPort()
                                            + "/api/v1/plants/plant-q/assets/pump-1/maintenance-logs"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"WO-1\",\"ts\":\""
                                            + Instant.now() + "\",\"action\":\"repair\",\"text\":\"seal\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(rest.statusCode()).isEqualTo(404);
            assertThat(rest.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(rest.body()).contains("UNKNOWN_PLANT");
        }
    }
}
