package io.pdm.alerting.service.notify;

import io.cloudevents.CloudEvent;
import io.pdm.alerting.lifecycle.Fingerprints;
import io.pdm.alerting.topology.MaintenanceEvents;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.RemainingLife;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Alert candidates as inference writes them, written to and read from a real broker. */
final class Candidates implements AutoCloseable {
    static final AvroCodec<AlertRecord> CODEC = AvroCodec.of(AlertRecord.class);
    static final String KIND = "REMAINING_LIFE_LOW", MODE = "bearing-wear";

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;

    Candidates(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static String fp(String plant, String asset) {
        return Fingerprints.of(plant, asset, KIND, MODE);
    }

    void send(String plant, String asset, String state, int severity, Instant at) throws Exception {
        send(Topics.alerts(plant), asset, CODEC.encode(record(plant, asset, state, severity, at)));
    }

    void acknowledge(String plant, String asset, Instant at) throws Exception {
        String json = "{\"type\":\"acknowledge\",\"commandId\":\"" + UUID.randomUUID() + "\",\"fingerprint\":\""
                + fp(plant, asset) + "\",\"asset\":\"" + asset + "\",\"by\":\"alice\",\"at\":\"" + at + "\"}";
        send(Topics.alertCommands(plant), asset, json.getBytes(StandardCharsets.UTF_8));
    }

    void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    static AlertRecord record(String plant, String asset, String state, int severity, Instant at) {
        return AlertRecord.newBuilder()
                .setAlertId(
                        UUID.nameUUIDFromBytes((plant + asset + state + severity + at).getBytes(StandardCharsets.UTF_8))
                                .toString())
                .setFingerprint(fp(plant, asset))
                .setPlant(plant)
                .setAsset(asset)
                .setAssetType("pump-set")
                .setKind(KIND)
                .setFailureMode(MODE)
                .setState(state)
                .setSeverity(severity)
                .setOccurredAt(at)
                .setRemainingLife(new RemainingLife(96.0, 60.0, 130.0, 0.9, "HOUR", "split-conformal"))
                .setHealthStage("DEGRADING")
                .setBaseModel("ab".repeat(32))
                .setAdapterVersion(4L)
                .setTitle(asset + ": bearing wear, about 96 h of life left")
                .setText("Bearing wear on " + asset + ": vibration 7.4 mm/s (zone C). About 96 h left (90 % interval"
                        + " 60-130 h); plan a bearing change before then. Similar: WO-1041.")
                .setWriter("template")
                .setGrounded(true)
                .setCitedLogs(List.of("WO-1041"))
                .setFactSheet("{\"reason\":\"vibration above its limit\",\"measurements\":[]}")
                .build();
    }

    /** Every committed event of the plant, in topic order per partition (read_committed). */
    List<CloudEvent> events(String plant) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        List<CloudEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.maintenanceEvents(plant)));
            int empty = 0;
            while (empty < 3) {
                var records = c.poll(Duration.ofMillis(300));
                if (records.isEmpty()) empty++;
                for (ConsumerRecord<String, byte[]> r : records) {
                    try {
                        out.add(MaintenanceEvents.parse(r.value()));
                    } catch (RuntimeException e) {
                        // the test's own garbage
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        producer.close();
    }
}
