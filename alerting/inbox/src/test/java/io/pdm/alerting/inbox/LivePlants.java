package io.pdm.alerting.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.alerting.inbox.board.Alerts;
import io.pdm.alerting.inbox.board.Retention;
import io.pdm.alerting.inbox.security.InboxUser;
import io.pdm.alerting.inbox.security.InboxUsers;
import io.pdm.alerting.lifecycle.Fingerprints;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.alerting.AlertState;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.RemainingLife;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
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

/**
 * What the inbox's integration tests run on: the embedded KRaft broker, the real lifecycle topology of plant-a (no
 * fleeting hold, so a raise is announced at once), and the inbox serving plant-a and plant-b with the demo's three
 * users (generated passwords). plant-b has no lifecycle here; its alert states are written to its state topic as the
 * lifecycle would write them.
 */
public final class LivePlants implements AutoCloseable {
    public static final String A = "plant-a", B = "plant-b";
    static final String KIND = "REMAINING_LIFE_LOW", MODE = "bearing-wear";
    static final AvroCodec<AlertRecord> CANDIDATES = AvroCodec.of(AlertRecord.class);

    public final EmbeddedKafka kafka;
    public final AlertingService lifecycle;
    public final Inbox inbox;
    public final Map<String, String> passwords;
    private final KafkaProducer<String, byte[]> producer;
    private final Path dir;

    public LivePlants() throws IOException {
        this(Map.of());
    }

    /** {@code jdbc}: plant → JDBC URL of its store, for the charts. */
    public LivePlants(Map<String, String> jdbc) throws IOException {
        dir = Files.createTempDirectory("pdm-inbox-it-");
        kafka = EmbeddedKafka.builder().build().start();
        kafka.createTopics(
                3, Topics.alerts(A), Topics.alertCommands(A), Topics.alertsState(B), Topics.maintenanceEvents(B));
        lifecycle = AlertingService.start(AlertingSettings.of(
                A,
                kafka.bootstrapServers(),
                dir.resolve("a"),
                LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO)));
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("engineer-a", List.of("engineer:" + A));
        roles.put("engineer-b", List.of("engineer:" + B));
        roles.put("admin", List.of("admin"));
        List<InboxUser> users = new ArrayList<>();
        passwords = InboxUsers.generate(roles, users);
        inbox = Inbox.start(new InboxSettings(
                List.of(A, B),
                kafka.bootstrapServers(),
                null,
                users,
                "127.0.0.1",
                0,
                Duration.ofMinutes(10),
                Duration.ofHours(8),
                Retention.DEFAULT,
                null,
                jdbc,
                null));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    public static String fingerprint(String plant, String asset) {
        return Fingerprints.of(plant, asset, KIND, MODE);
    }

    /** A candidate of plant-a as inference writes it; returns the alert's fingerprint. */
    public String raise(String asset, int severity, Instant at) throws Exception {
        producer.send(new ProducerRecord<>(
                        Topics.alerts(A), asset, CANDIDATES.encode(candidate(A, asset, severity, at))))
                .get();
        return fingerprint(A, asset);
    }

    /** An open alert of plant-b on its state topic, as plant-b's lifecycle would publish it. */
    public String stateOfB(String asset, Instant at) throws Exception {
        String fp = fingerprint(B, asset);
        AlertState s = Alerts.open(B, fp, asset, 650, at);
        producer.send(new ProducerRecord<>(Topics.alertsState(B), fp, AlertJson.toBytes(s)))
                .get();
        return fp;
    }

    static AlertRecord candidate(String plant, String asset, int severity, Instant at) {
        String sheet = "{\"reason\":\"vibration above its limit\",\"measurements\":[{\"channel\":\"vibration.rms\","
                + "\"value\":7.4,\"unit\":\"mm/s\",\"time\":\"" + at + "\",\"limit\":7.1,\"zone\":\"C\","
                + "\"standard\":\"ISO 20816-3:2022\"}]}";
        return AlertRecord.newBuilder()
                .setAlertId(UUID.nameUUIDFromBytes((plant + asset + at).getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setFingerprint(fingerprint(plant, asset))
                .setPlant(plant)
                .setAsset(asset)
                .setAssetType("pump-set")
                .setKind(KIND)
                .setFailureMode(MODE)
                .setState("RAISED")
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
                .setFactSheet(sheet)
                .build();
    }

    /** Every committed maintenance event of plant-a so far, as JSON (read_committed, from the beginning). */
    public List<JsonNode> events() throws IOException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.maintenanceEvents(A)));
            int empty = 0;
            while (empty < 3) {
                var records = c.poll(Duration.ofMillis(300));
                if (records.isEmpty()) empty++;
                for (ConsumerRecord<String, byte[]> r : records)
                    out.add(AlertJson.mapper().readTree(r.value()));
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        producer.close();
        inbox.close();
        lifecycle.close();
        kafka.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
