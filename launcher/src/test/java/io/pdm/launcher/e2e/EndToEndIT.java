package io.pdm.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.pdm.features.FeatureJobConfig;
import io.pdm.ingest.IngestConfig;
import io.pdm.ingest.IngestService;
import io.pdm.launcher.Infrastructure;
import io.pdm.launcher.PlantJobs;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.DeadLetterRecord;
import io.pdm.schemas.avro.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole streaming backbone with real parts: MQTT publishers (v5 and 3.1.1) → HiveMQ → ingest →
 * Kafka → the plant's Flink job on a MiniCluster → Kafka features and PostgreSQL rows.
 */
class EndToEndIT {
    static final AvroCodec<DeadLetterRecord> DEAD_LETTERS = AvroCodec.of(DeadLetterRecord.class);
    static Infrastructure infra;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        infra = Infrastructure.start(new Infrastructure.Settings(0, 0, 0, 0, 4, null), System.out);
        // these tests start their own ingest instances (client ids e2e-*), each restart included
        infra.mqtt.admitDevices();
    }

    @AfterAll
    static void stopInfrastructure() throws Exception {
        if (infra != null) infra.close();
    }

    /** Starts the plant's topics, database and job; returns the JDBC URL of its database. */
    static String startPlant(String plant) throws Exception {
        infra.createPlantTopics(List.of(plant), 2);
        String url = infra.postgres.createDatabase(Infrastructure.databaseOf(plant));
        FeatureJobConfig config = FeatureJobConfig.defaults(plant, infra.kafka.bootstrapServers())
                .withWindow(Duration.ofSeconds(10), Duration.ofSeconds(10))
                // Idle bound well above any stall of a loaded machine: the far-ahead snapshots close the windows.
                .withWatermarks(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ZERO)
                .withCheckpointInterval(Duration.ofSeconds(1));
        PlantJobs.submit(infra.flink, config, url);
        return url;
    }

    static IngestConfig ingestConfig(String plant) {
        return IngestConfig.builder()
                .mqttUrl(infra.mqtt.url())
                .kafkaBootstrap(infra.kafka.bootstrapServers())
                .clientIdPrefix("e2e-" + plant)
                .plants(List.of(plant))
                .restPort(-1)
                .connections(1)
                .build();
    }

    static byte[] snapshot(Instant ts, double temp, double pressure) {
        return String.format("{\"ts\":\"%s\",\"values\":{\"temp\":%s,\"pressure\":%s}}", ts, temp, pressure)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void validReadingsReachPostgresOnceMalformedOnesTheDeadLetterTopicAndFeaturesHaveTheExpectedValues()
            throws Exception {
        String plant = "e2e-flow";
        String url = startPlant(plant);
        Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        int perAsset = 60; // one snapshot per second: six 10-second windows per asset
        Map<String, String> malformed = new HashMap<>(); // payload → expected reason
        malformed.put("{\"ts\":", "UNPARSABLE_JSON");
        malformed.put("{\"ts\":\"" + t0 + "\",\"values\":{\"temp\":\"hot\"}}", "SCHEMA_VIOLATION");
        malformed.put("{\"ts\":\"" + t0 + "\",\"values\":{\"temp\":1e400}}", "NON_FINITE_VALUE");
        malformed.put("{\"ts\":\"2001-01-01T00:00:00Z\",\"values\":{\"temp\":1}}", "TIMESTAMP_OUT_OF_SKEW");
        List<String> bad = new ArrayList<>(malformed.keySet());

        try (IngestService ingest = IngestService.start(ingestConfig(plant));
                MqttPublishers.Publisher v5 = MqttPublishers.v5(infra.mqtt.url(), "e2e-dev-v5");
                MqttPublishers.Publisher v3 = MqttPublishers.v311(infra.mqtt.url(), "e2e-dev-v3")) {
            for (int i = 0; i < perAsset; i++) {
                Instant ts = t0.plusSeconds(i);
                v5.publish(MqttTopics.telemetry(plant, "pump-5"), snapshot(ts, i, 2.0));
                v3.publish(MqttTopics.telemetry(plant, "pump-3"), snapshot(ts, 100 + 2 * i, 3.0));
                if (i % 15 == 0) { // interleave malformed input, half over each protocol version
                    byte[] payload = bad.get(i / 15).getBytes(StandardCharsets.UTF_8);
                    (i % 30 == 0 ? v5 : v3).publish(MqttTopics.telemetry(plant, "pump-5"), payload);
                }
            }
            // A snapshot far ahead in event time moves each asset's clock past every window above.
            v5.publish(MqttTopics.telemetry(plant, "pump-5"), snapshot(t0.plusSeconds(600), 0, 0));
            v3.publish(MqttTopics.telemetry(plant, "pump-3"), snapshot(t0.plusSeconds(600), 0, 0));
            int valid = 2 * (perAsset + 1);

            // Exactly the valid readings (2 sensors each) are in PostgreSQL, each once.
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> count(url, "SELECT count(DISTINCT (asset, sensor, ts)) FROM readings"),
                            equalTo(2L * valid));
            assertThat(count(url, "SELECT count(*) FROM readings")).isEqualTo(2L * valid);

            // The malformed ones are on the dead-letter topic with their reasons and original bytes.
            List<ConsumerRecord<byte[], byte[]>> dlq = KafkaRead.atLeast(
                    infra.kafka.bootstrapServers(), Topics.dlq(plant), bad.size(), Duration.ofSeconds(30));
            Map<String, String> seen = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : dlq) {
                java.nio.ByteBuffer payload = DEAD_LETTERS.decode(r.value()).getPayload();
                byte[] original = new byte[payload.remaining()];
                payload.get(original);
                seen.put(
                        new String(original, StandardCharsets.UTF_8),
                        new String(r.headers().lastHeader(Topics.HEADER_REASON).value(), StandardCharsets.UTF_8));
            }
            assertThat(seen).isEqualTo(malformed);
            assertThat(ingest.rejected()).isEqualTo(bad.size());

            // Feature windows: pump-5's first window holds temp 0..9 → mean 4.5, slope 1/s; pump-3's 100..118.
            AvroCodec<FeatureVector> codec = AvroCodec.of(FeatureVector.class);
            List<ConsumerRecord<byte[], byte[]>> features = KafkaRead.atLeast(
                    infra.kafka.bootstrapServers(), Topics.features(plant), 12, Duration.ofSeconds(60));
            Map<String, FeatureVector> firstWindow = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : features) {
                FeatureVector fv = codec.decode(r.value());
                if (fv.getWindowStart().equals(t0)) firstWindow.put(fv.getAsset(), fv);
            }
            assertThat(firstWindow).containsKeys("pump-5", "pump-3");
            FeatureVector p5 = firstWindow.get("pump-5");
            assertThat(p5.getReadingCount()).isEqualTo(10);
            assertThat(p5.getWindowEnd()).isEqualTo(t0.plusSeconds(10));
            assertThat(p5.getFeatures().get("temp.mean")).isCloseTo(4.5, offset(1e-9));
            assertThat(p5.getFeatures().get("temp.min")).isEqualTo(0.0);
            assertThat(p5.getFeatures().get("temp.max")).isEqualTo(9.0);
            assertThat(p5.getFeatures().get("temp.slope")).isCloseTo(1.0, offset(1e-9));
            assertThat(p5.getFeatures().get("pressure.std")).isCloseTo(0.0, offset(1e-12));
            assertThat(firstWindow.get("pump-3").getFeatures().get("temp.mean")).isCloseTo(109.0, offset(1e-9));
            assertThat(firstWindow.get("pump-3").getFeatures().get("temp.slope"))
                    .isCloseTo(2.0, offset(1e-9));
            // Features are stored too.
            await().atMost(Duration.ofSeconds(30)).until(() -> count(url, "SELECT count(*) FROM features") >= 12);
        }
    }

    @Test
    void restartingIngestMidStreamStillStoresEveryReadingExactlyOnce() throws Exception {
        String plant = "e2e-restart";
        String url = startPlant(plant);
        Instant t0 = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        int n = 2_000;
        IngestConfig config = ingestConfig(plant);
        IngestService ingest = IngestService.start(config);
        try (MqttPublishers.Publisher device = MqttPublishers.v5(infra.mqtt.url(), "e2e-restart-dev")) {
            for (int i = 0; i < n; i++) {
                device.publish(
                        MqttTopics.telemetry(plant, "pump-" + (i % 4)), snapshot(t0.plusMillis(250L * i), i, 1.0));
                if (i == n / 2) {
                    ingest.close(); // the broker keeps the persistent session's messages while ingest is away
                    ingest = IngestService.start(config);
                }
            }
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> count(url, "SELECT count(DISTINCT (asset, sensor, ts)) FROM readings"),
                            equalTo(2L * n));
        } finally {
            ingest.close();
        }
        assertThat(count(url, "SELECT count(*) FROM readings")).isEqualTo(2L * n);
        assertThat(count(url, "SELECT count(DISTINCT ts) FROM readings WHERE sensor = 'temp'"))
                .isEqualTo(n);
    }

    static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
