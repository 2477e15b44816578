package io.pdm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.DeadLetterRecord;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import io.pdm.schemas.avro.ScalarSnapshot;
import io.pdm.schemas.avro.TelemetryRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;

/** MQTT (v5 and 3.1.1 publishers) → real HiveMQ → bridge → real Kafka. */
class BridgeIT {
    static final AvroCodec<TelemetryRecord> TELEMETRY = AvroCodec.of(TelemetryRecord.class);
    static final AvroCodec<DeadLetterRecord> DLQ = AvroCodec.of(DeadLetterRecord.class);
    static final String[] ASSETS = {"pump-1", "pump-2", "fan-7"};

    static byte[] snapshot(int seq) {
        return ("{\"ts\":\"" + Instant.now() + "\",\"values\":{\"seq\":" + seq + ",\"temp\":40.5}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Malformed messages: topic → (payload, expected reason). */
    static Map<String[], RejectReason> malformed(String plant) {
        Map<String[], RejectReason> m = new LinkedHashMap<>();
        m.put(new String[] {MqttTopics.telemetry(plant, "pump-1"), "{\"ts\":"}, RejectReason.UNPARSABLE_JSON);
        m.put(
                new String[] {
                    MqttTopics.telemetry(plant, "pump-1"), "{\"ts\":\"" + Instant.now() + "\",\"values\":{\"t\":NaN}}"
                },
                RejectReason.NON_FINITE_VALUE);
        m.put(
                new String[] {MqttTopics.telemetry(plant, "pump-2"), "{\"values\":{\"t\":1}}"},
                RejectReason.SCHEMA_VIOLATION);
        m.put(
                new String[] {
                    MqttTopics.telemetry(plant, "pump-2"), "{\"ts\":\"2001-01-01T00:00:00Z\",\"values\":{\"t\":1}}"
                },
                RejectReason.TIMESTAMP_OUT_OF_SKEW);
        m.put(
                new String[] {
                    MqttTopics.telemetry(plant, "Pump.9"), "{\"ts\":\"" + Instant.now() + "\",\"values\":{\"t\":1}}"
                },
                RejectReason.INVALID_ID);
        m.put(
                new String[] {MqttTopics.maintenance(plant, "pump-1"), "{\"id\":\"x\",\"text\":\"no ts\"}"},
                RejectReason.SCHEMA_VIOLATION);
        return m;
    }

    interface Publisher extends AutoCloseable {
        void publish(String topic, byte[] payload) throws Exception;
    }

    static Publisher v5(String id) throws Exception {
        MqttClient c = new MqttClient(TestInfra.mqtt().url(), id, null);
        MqttConnectionOptions o = new MqttConnectionOptions();
        c.connect(o);
        return new Publisher() {
            public void publish(String topic, byte[] payload) throws Exception {
                for (int attempt = 0; ; attempt++) { // Paho frees the in-flight slot just after the token completes
                    try {
                        c.publish(topic, payload, 1, false);
                        return;
                    } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                        if (e.getReasonCode() != 32202 || attempt > 1000) throw e;
                        Thread.sleep(1);
                    }
                }
            }

            public void close() throws Exception {
                c.disconnect();
                c.close();
            }
        };
    }

    static Publisher v3(String id) throws Exception {
        var c = new org.eclipse.paho.client.mqttv3.MqttClient(TestInfra.mqtt().url(), id, null);
        var o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        c.connect(o);
        return new Publisher() {
            public void publish(String topic, byte[] payload) throws Exception {
                for (int attempt = 0; ; attempt++) {
                    try {
                        c.publish(topic, payload, 1, false);
                        return;
                    } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                        if (e.getReasonCode() != 32202 || attempt > 1000) throw e;
                        Thread.sleep(1);
                    }
                }
            }

            public void close() throws Exception {
                c.disconnect();
                c.close();
            }
        };
    }

    @Test
    void mqtt5PublisherTwoConnections() throws Exception {
        run("bridge-v5", 2, v5("pub-v5"), false);
    }

    @Test
    void mqtt311PublisherOneConnectionKeepsPerAssetOrder() throws Exception {
        run("bridge-v3", 1, v3("pub-v3"), true);
    }

    private void run(String plant, int connections, Publisher pub, boolean checkOrder) throws Exception {
        TestInfra.createTopics(plant);
        int perAsset = 200;
        Map<String[], RejectReason> bad = malformed(plant);
        IngestConfig cfg = TestInfra.config("it-" + plant)
                .connections(connections)
                .plants(List.of(plant))
                .build();
        try (IngestService svc = IngestService.start(cfg);
                pub) {
            int b = 0;
            for (int i = 0; i < perAsset; i++) {
                for (String asset : ASSETS) pub.publish(MqttTopics.telemetry(plant, asset), snapshot(i));
                if (i % 40 == 0 && b < bad.size()) { // interleave the malformed ones
                    String[] t = new ArrayList<>(bad.keySet()).get(b++);
                    pub.publish(t[0], t[1].getBytes(StandardCharsets.UTF_8));
                }
            }
            for (; b < bad.size(); b++) {
                String[] t = new ArrayList<>(bad.keySet()).get(b);
                pub.publish(t[0], t[1].getBytes(StandardCharsets.UTF_8));
            }
            int n = perAsset * ASSETS.length;
            List<ConsumerRecord<byte[], byte[]>> tel =
                    TestInfra.read(Topics.telemetry(plant), n, Duration.ofSeconds(60), Duration.ofSeconds(1));
            assertThat(tel).hasSize(n);
            Map<String, List<Integer>> seqs = new HashMap<>();
            for (var r : tel) {
                TelemetryRecord t = TELEMETRY.decode(r.value());
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(t.getAsset());
                assertThat(t.getPlant()).isEqualTo(plant);
                seqs.computeIfAbsent(t.getAsset(), k -> new ArrayList<>())
                        .add(((ScalarSnapshot) t.getBody())
                                .getValues()
                                .get("seq")
                                .intValue());
            }
            List<Integer> expected =
                    java.util.stream.IntStream.range(0, perAsset).boxed().toList();
            for (String asset : ASSETS) {
                if (checkOrder) assertThat(seqs.get(asset)).as(asset).containsExactlyElementsOf(expected);
                else assertThat(seqs.get(asset)).as(asset).containsExactlyInAnyOrderElementsOf(expected);
            }

            List<ConsumerRecord<byte[], byte[]>> dlq =
                    TestInfra.read(Topics.dlq(plant), bad.size(), Duration.ofSeconds(30), Duration.ofSeconds(1));
            assertThat(dlq).hasSize(bad.size());
            Map<String, String> payloadToReason = new HashMap<>();
            for (var r : dlq) {
                String reason = header(r, Topics.HEADER_REASON);
                byte[] original =
                        r.headers().lastHeader(KafkaSink.HEADER_PAYLOAD).value();
                DeadLetterRecord d = DLQ.decode(r.value());
                assertThat(d.getReason()).isEqualTo(reason);
                assertThat(d.getPayload()).isEqualTo(ByteBuffer.wrap(original));
                assertThat(header(r, Topics.HEADER_SOURCE))
                        .isEqualTo(d.getSource())
                        .startsWith("pdm/v1/" + plant + "/");
                assertThat(header(r, Topics.HEADER_DETAIL))
                        .isEqualTo(d.getDetail())
                        .isNotBlank();
                payloadToReason.put(new String(original, StandardCharsets.UTF_8), reason);
            }
            Map<String, String> expectedReasons = new HashMap<>();
            bad.forEach((k, v) -> expectedReasons.put(k[1], v.name()));
            assertThat(payloadToReason).isEqualTo(expectedReasons);
            assertThat(svc.forwarded()).isEqualTo(n);
            assertThat(svc.rejected()).isEqualTo(bad.size());
            assertThat(svc.metrics().rejectedCount(RejectReason.INVALID_ID)).isEqualTo(1);
        }
    }

    @Test
    void invalidPlantGoesToFallbackDlqAndMaintenanceIsDeduplicated() throws Exception {
        String plant = "bridge-misc";
        TestInfra.createTopics(plant);
        IngestConfig cfg = TestInfra.config("it-misc").connections(1).build(); // all plants
        byte[] entry =
                "{\"id\":\"wo-77\",\"ts\":\"2026-01-02T03:04:05Z\",\"action\":\"lubrication\",\"text\":\"greased\"}"
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tel = snapshot(1);
        try (IngestService svc = IngestService.start(cfg);
                Publisher pub = v5("pub-misc")) {
            pub.publish("pdm/v1/Plant.X/pump-1/telemetry", tel);
            pub.publish(MqttTopics.maintenance(plant, "pump-1"), entry);
            pub.publish(MqttTopics.maintenance(plant, "pump-1"), entry);
            var dl =
                    TestInfra.read(Topics.dlq("unroutable"), 1, Duration.ofSeconds(30), Duration.ofMillis(500)).stream()
                            .filter(r -> header(r, Topics.HEADER_SOURCE).equals("pdm/v1/Plant.X/pump-1/telemetry"))
                            .toList();
            assertThat(dl).hasSize(1);
            assertThat(header(dl.get(0), Topics.HEADER_REASON)).isEqualTo("INVALID_ID");
            assertThat(DLQ.decode(dl.get(0).value()).getPlant()).isEqualTo("Plant.X");
            var logs = TestInfra.read(Topics.maintenanceLogs(plant), 1, Duration.ofSeconds(30), Duration.ofSeconds(1));
            assertThat(logs).hasSize(1);
            MaintenanceLogRecord r =
                    AvroCodec.of(MaintenanceLogRecord.class).decode(logs.get(0).value());
            assertThat(r.getId()).isEqualTo("wo-77");
            assertThat(r.getAction().name()).isEqualTo("LUBRICATION");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> svc.duplicates() == 1);
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
