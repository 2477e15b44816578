package io.pdm.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pdm.assets.AssetTypeMapping;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.TestPostgres;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.TemplateWriter;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.kafka.ModelUpdate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service on real parts (embedded Kafka, PostgreSQL, a real DJL base model): a degrading asset is scored
 * with a remaining life that falls, gets a remaining-life alert before it fails, with a grounded text; a new asset
 * past its type's vibration limit gets a condition alert from its first windows; an adapter version announced on the
 * model-updates topic is swapped in, and a bad one is refused with the reason while the previous one keeps serving.
 */
class InferenceServiceIT {
    static final String PLANT = "plant-inf";
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static InferenceService service;
    static Path base;

    @BeforeAll
    static void start() throws Exception {
        base = TestBaseModels.pretrain(dir.resolve("base"));
        kafka = EmbeddedKafka.builder().build().start();
        kafka.createTopics(
                1, Topics.features(PLANT), Topics.modelUpdates(PLANT), Topics.predictions(PLANT), Topics.alerts(PLANT));
        InferenceSettings settings = new InferenceSettings(
                PLANT,
                kafka.bootstrapServers(),
                TestPostgres.newDatabase("inference_service"),
                List.of(TestBaseModels.typeFile(dir).toString()),
                AssetTypeMapping.all("test-gearbox"),
                Map.of("test-gearbox", base),
                "127.0.0.1",
                0,
                50,
                Duration.ofMillis(100));
        service = InferenceService.start(
                settings,
                MaintenanceContext.NONE,
                new AlertTextPipeline(new TemplateWriter(), Duration.ofSeconds(5))::write,
                new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        if (service != null) service.close();
        if (kafka != null) kafka.close();
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Steps {@code from..to} (1-based) of a life of {@code length} steps, one feature vector per minute. */
    static void sendLife(String asset, int from, int to, int length, long seed) {
        AvroCodec<FeatureVector> codec = AvroCodec.of(FeatureVector.class);
        SplittableRandom random = new SplittableRandom(seed);
        try (KafkaProducer<String, byte[]> p = producer()) {
            for (int t = 1; t <= to; t++) {
                double[] v = TestBaseModels.step(t, length, random);
                if (t < from) continue;
                Map<String, Double> features = new HashMap<>();
                for (int c = 0; c < v.length; c++) features.put(TestBaseModels.CHANNELS.get(c), v[c]);
                p.send(new ProducerRecord<>(Topics.features(PLANT), asset, codec.encode(vector(asset, t, features))));
            }
        }
    }

    static FeatureVector vector(String asset, int minute, Map<String, Double> features) {
        return FeatureVector.newBuilder()
                .setPlant(PLANT)
                .setAsset(asset)
                .setWindowStart(T0.plusSeconds(60L * minute - 60))
                .setWindowEnd(T0.plusSeconds(60L * minute))
                .setReadingCount(60)
                .setFeatures(features)
                .build();
    }

    static void announce(long version, Path adapter) throws Exception {
        ModelUpdate u = new ModelUpdate(PLANT, version, version, adapter.toString(), "ab".repeat(32), List.of(), T0);
        try (KafkaProducer<String, byte[]> p = producer()) {
            p.send(new ProducerRecord<>(Topics.modelUpdates(PLANT), PLANT, JSON.writeValueAsBytes(u)));
        }
    }

    /** An ensemble version of the given adapters, each announced with its weights' real SHA-256. */
    static void announceEnsemble(long version, List<Path> adapters) throws Exception {
        List<ModelUpdate.Member> members = new java.util.ArrayList<>();
        for (Path a : adapters) {
            members.add(new ModelUpdate.Member(a.toString(), io.pdm.model.lora.PeftAdapter.weightsSha256(a), null));
        }
        ModelUpdate u = ModelUpdate.ensemble(PLANT, version, version, members, List.of(), T0, null, null);
        try (KafkaProducer<String, byte[]> p = producer()) {
            p.send(new ProducerRecord<>(Topics.modelUpdates(PLANT), PLANT, JSON.writeValueAsBytes(u)));
        }
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.restPort() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    static List<AlertRecord> alertsOf(String asset) throws Exception {
        JsonNode list = get("/api/v1/plants/" + PLANT + "/alerts?asset=" + asset);
        return java.util.stream.StreamSupport.stream(list.spliterator(), false)
                .map(n -> AlertRecord.newBuilder()
                        .setAlertId(n.get("alertId").asText())
                        .setFingerprint(n.get("fingerprint").asText())
                        .setPlant(PLANT)
                        .setAsset(asset)
                        .setAssetType(n.get("assetType").asText())
                        .setKind(n.get("kind").asText())
                        .setState(n.get("state").asText())
                        .setSeverity(n.get("severity").asInt())
                        .setOccurredAt(Instant.parse(n.get("occurredAt").asText()))
                        .setTitle(n.get("title").asText())
                        .setText(n.get("text").asText())
                        .setWriter(n.get("writer").asText())
                        .setGrounded(n.get("grounded").asBoolean())
                        .setFactSheet(n.get("factSheet").toString())
                        .build())
                .toList();
    }

    @Test
    void aDegradingAssetIsAlertedBeforeItFailsWithAGroundedText() throws Exception {
        sendLife("gb-1", 1, 100, 100, 7);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> get("/api/v1/plants/" + PLANT + "/assets/gb-1/health?points=100")
                                .path("trend")
                                .size()
                        == 100);
        JsonNode health = get("/api/v1/plants/" + PLANT + "/assets/gb-1/health?points=100");
        JsonNode trend = health.get("trend"); // newest first
        double late = trend.get(0).get("remainingLife").get("predicted").asDouble();
        double early = trend.get(80).get("remainingLife").get("predicted").asDouble();
        assertThat(late).as("remaining life falls as the asset wears").isLessThan(early);
        assertThat(trend.get(0).get("quality").toString()).doesNotContain("NO_MODEL");

        List<AlertRecord> alerts = alertsOf("gb-1");
        AlertRecord lifeLow = alerts.stream()
                .filter(a ->
                        a.getKind().equals("REMAINING_LIFE_LOW") && a.getState().equals("RAISED"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no remaining-life alert among " + alerts));
        assertThat(lifeLow.getOccurredAt()).as("alerted before failure").isBefore(T0.plusSeconds(60L * 100));
        assertThat(lifeLow.getWriter()).isEqualTo("template");
        assertThat(lifeLow.getGrounded()).isTrue();
        assertThat(lifeLow.getText()).contains("gb-1");
        assertThat(JSON.readTree(lifeLow.getFactSheet()).get("remainingLife")).isNotNull();
    }

    @Test
    void aNewAssetPastItsTypesLimitIsAlertedFromItsFirstWindows() throws Exception {
        try (KafkaProducer<String, byte[]> p = producer()) {
            AvroCodec<FeatureVector> codec = AvroCodec.of(FeatureVector.class);
            for (int t = 1; t <= 5; t++) {
                Map<String, Double> f = Map.of("vib.rms", 8.0, "oil.mean", 41.0, "load.mean", 50.0);
                p.send(new ProducerRecord<>(Topics.features(PLANT), "gb-new", codec.encode(vector("gb-new", t, f))));
            }
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        alertsOf("gb-new").stream().anyMatch(a -> a.getKind().equals("CONDITION_LIMIT")));
        AlertRecord limit = alertsOf("gb-new").stream()
                .filter(a -> a.getKind().equals("CONDITION_LIMIT"))
                .findFirst()
                .orElseThrow();
        assertThat(limit.getGrounded()).isTrue();
        assertThat(limit.getText()).contains("vib.rms");
        assertThat(limit.getSeverity()).isGreaterThanOrEqualTo(600);
    }

    /** The next version to announce: the tests share one service, so each continues from what is in service. */
    static long nextVersion() throws Exception {
        return get("/api/v1/plants/" + PLANT + "/adapters")
                        .get(0)
                        .path("version")
                        .asLong(0)
                + 1;
    }

    static long versionInService() throws Exception {
        return get("/api/v1/plants/" + PLANT + "/adapters")
                .get(0)
                .path("version")
                .asLong(-1);
    }

    @Test
    void anAnnouncedAdapterIsSwappedInAndABadOneRefused() throws Exception {
        long good = nextVersion();
        announce(good, TestBaseModels.adapter(base, dir.resolve("adapter-" + good), good));
        await().atMost(Duration.ofSeconds(60)).until(() -> versionInService() == good);
        Path bad = dir.resolve("adapter-bad-" + good);
        TestBaseModels.adapter(base, bad, good + 1);
        io.pdm.model.life.RemainingLifeModel.writeOrigin(bad, "0".repeat(64)); // trained on another base
        announce(good + 1, bad);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/v1/plants/" + PLANT + "/adapters")
                        .get(0)
                        .get("events")
                        .toString()
                        .contains("REFUSED"));
        JsonNode adapters = get("/api/v1/plants/" + PLANT + "/adapters").get(0);
        assertThat(adapters.get("version").asLong()).isEqualTo(good);
        assertThat(adapters.get("events").toString()).contains("was trained on base " + "0".repeat(64));
        // an ensemble whose member 1 is that adapter: refused as a whole, the member named
        announceEnsemble(good + 2, List.of(dir.resolve("adapter-" + good), bad));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/v1/plants/" + PLANT + "/adapters")
                        .get(0)
                        .get("events")
                        .toString()
                        .contains("member 1 (" + bad + ")"));
        assertThat(get("/api/v1/plants/" + PLANT + "/adapters")
                        .get(0)
                        .get("version")
                        .asLong())
                .isEqualTo(good);

        String asset = "gb-swap-" + good;
        sendLife(asset, 1, 12, 100, 9);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/v1/plants/" + PLANT + "/assets/" + asset + "/health")
                                .path("latest")
                                .path("adapterVersion")
                                .asLong(-1)
                        == good);
    }

    /** The swap is from one adapter to an ensemble of three (one reference swap, as between single versions). */
    @Test
    void aSwapUnderLoadNeitherDropsNorDoublesAWindow() throws Exception {
        long first = nextVersion(), second = first + 1;
        Path v10 = TestBaseModels.adapter(base, dir.resolve("adapter-load-" + first), first);
        List<Path> v11 = new java.util.ArrayList<>();
        for (int k = 0; k < 3; k++) {
            v11.add(TestBaseModels.distinctAdapter(base, dir.resolve("adapter-load-" + second + "-" + k), 42 + k));
        }
        // The first half of every life streams while both versions are announced and swapped in; the second half is
        // sent once the newer one serves, so some windows are certainly scored by it.
        Thread firstHalf = new Thread(() -> {
            for (int a = 0; a < 6; a++) sendLife("load-" + a, 1, 60, 200, 100 + a);
        });
        firstHalf.start();
        announce(first, v10);
        announceEnsemble(second, v11);
        await().atMost(Duration.ofSeconds(60)).until(() -> versionInService() == second);
        firstHalf.join();
        for (int a = 0; a < 6; a++) sendLife("load-" + a, 61, 120, 200, 100 + a);
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            int n = 0;
            for (int a = 0; a < 6; a++) {
                n += get("/api/v1/plants/" + PLANT + "/assets/load-" + a + "/health?points=500")
                        .path("trend")
                        .size();
            }
            return n == 6 * 120;
        });
        java.util.Set<Long> versions = new java.util.TreeSet<>();
        for (int a = 0; a < 6; a++) {
            JsonNode trend = get("/api/v1/plants/" + PLANT + "/assets/load-" + a + "/health?points=500")
                    .get("trend");
            java.util.Set<String> ends = new java.util.HashSet<>();
            for (JsonNode p : trend) {
                assertThat(ends.add(p.get("windowEnd").asText()))
                        .as("window scored once")
                        .isTrue();
                if (p.hasNonNull("adapterVersion"))
                    versions.add(p.get("adapterVersion").asLong());
            }
            assertThat(ends).as("every window of load-" + a + " scored").hasSize(120);
        }
        assertThat(versions).as("the swap happened while the windows streamed").contains(second);
        JsonNode adapters = get("/api/v1/plants/" + PLANT + "/adapters").get(0);
        assertThat(adapters.get("version").asLong()).isEqualTo(second);
        assertThat(adapters.get("members").asInt())
                .as("the ensemble's members serve")
                .isEqualTo(3);
    }
}
