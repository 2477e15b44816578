package io.pdm.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pdm.assets.AssetTypeMapping;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.TestPostgres;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.inference.writer.TemplateWriter;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.PredictionRecord;
import io.pdm.schemas.kafka.ModelUpdate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one plant's service in one JVM, on the embedded broker with a real DJL base model, as two pods of
 * the inference Deployment: they share the feature partitions, each with its own transactional id; both serve the
 * adapter already announced at start, and both apply a version announced once; when one stops while features
 * stream, the other takes its partitions and every (asset, step) is still predicted exactly once (read_committed).
 */
class InferenceScaleIT {
    static final String PLANT = "plant-scale";
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int PARTITIONS = 6, ASSETS = 16, LIFE = 200;

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static Path base;

    @BeforeAll
    static void start() throws Exception {
        base = TestBaseModels.pretrain(dir.resolve("base"));
        kafka = EmbeddedKafka.builder().build().start();
        kafka.createTopics(PARTITIONS, Topics.features(PLANT), Topics.predictions(PLANT), Topics.alerts(PLANT));
        kafka.createTopics(1, Topics.modelUpdates(PLANT));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    /** One instance with its own meters, as a pod has. */
    record Instance(InferenceService service, MeterRegistry meters) implements AutoCloseable {
        static Instance start(InferenceSettings settings, String id) throws Exception {
            MeterRegistry meters = new SimpleMeterRegistry();
            return new Instance(
                    InferenceService.start(
                            settings.withInstance(id),
                            MaintenanceContext.NONE,
                            new AlertTextPipeline(new TemplateWriter(), Duration.ofSeconds(5))::write,
                            meters),
                    meters);
        }

        int partitions() {
            var gauge = meters.find("pdm.inference.partitions").gauge();
            return gauge == null ? 0 : (int) gauge.value();
        }

        long adapterVersion() throws Exception {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + service.restPort() + "/api/v1/plants/" + PLANT + "/adapters"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).get(0).path("version").asLong(-1);
        }

        @Override
        public void close() {
            service.close();
        }
    }

    @Test
    void twoInstancesShareThePlantScoreEachStepOnceAndBothApplyAnAdapterAnnouncedOnce() throws Exception {
        InferenceSettings settings = new InferenceSettings(
                PLANT,
                kafka.bootstrapServers(),
                TestPostgres.newDatabase("inference_scale"),
                List.of(TestBaseModels.typeFile(dir).toString()),
                AssetTypeMapping.all("test-gearbox"),
                Map.of("test-gearbox", base),
                "127.0.0.1",
                0,
                50,
                Duration.ofMillis(100));
        announce(1, TestBaseModels.adapter(base, dir.resolve("adapter-1"), 1));

        try (Instance a = Instance.start(settings, "inference-a");
                Instance b = Instance.start(settings, "inference-b")) {
            // Both read the version announced before they started, and both hold feature partitions.
            await().atMost(Duration.ofSeconds(60)).until(() -> a.adapterVersion() == 1 && b.adapterVersion() == 1);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> a.partitions() > 0 && b.partitions() > 0 && a.partitions() + b.partitions() == 6);
            sendSteps(1, 30);
            await().atMost(Duration.ofSeconds(120)).until(() -> predictions().size() == ASSETS * 30);
            assertThat(predictions())
                    .as("a starting instance serves the current adapter from its first window")
                    .allMatch(s -> Long.valueOf(1).equals(s.adapterVersion()));

            // One announcement reaches both instances (not only the one in a group holding its partition).
            announce(2, TestBaseModels.adapter(base, dir.resolve("adapter-2"), 2));
            await().atMost(Duration.ofSeconds(60)).until(() -> a.adapterVersion() == 2 && b.adapterVersion() == 2);
            sendSteps(31, 50);
            await().atMost(Duration.ofSeconds(120)).until(() -> predictions().size() == ASSETS * 50);
            List<Scored> afterSwap =
                    predictions().stream().filter(s -> s.step() > 30).toList();
            assertThat(afterSwap).hasSize(ASSETS * 20);
            assertThat(afterSwap)
                    .as("every step after the swap is scored with version 2")
                    .allMatch(s -> Long.valueOf(2).equals(s.adapterVersion()));
            assertThat(afterSwap.stream().map(Scored::instance).collect(Collectors.toSet()))
                    .as("by both instances")
                    .containsExactlyInAnyOrder("inference-a", "inference-b");

            // One instance stops while features stream: the other takes its partitions and goes on.
            Thread sender = new Thread(() -> sendSteps(51, 80), "sender");
            sender.start();
            b.close();
            sender.join();
            await().atMost(Duration.ofSeconds(60)).until(() -> a.partitions() == 6);
            await().atMost(Duration.ofSeconds(180)).until(() -> predictions().size() >= ASSETS * 80);
        }

        List<Scored> all = predictions();
        Map<String, Long> perStep =
                all.stream().collect(Collectors.groupingBy(Scored::key, TreeMap::new, Collectors.counting()));
        assertThat(perStep.values()).as("each (asset, step) once").allMatch(n -> n == 1);
        assertThat(perStep).hasSize(ASSETS * 80);
        java.util.Set<String> lastWriters = all.stream()
                .filter(s -> s.step() > 50)
                .map(Scored::instance)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(lastWriters)
                .as("the remaining instance scored the stream's end")
                .contains("inference-a");
    }

    /** A prediction as read back: asset, step, adapter version and the instance that wrote it. */
    record Scored(String asset, int step, Long adapterVersion, String instance) {
        String key() {
            return asset + "@" + step;
        }
    }

    static List<Scored> predictions() {
        AvroCodec<PredictionRecord> codec = AvroCodec.of(PredictionRecord.class);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Scored> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.predictions(PLANT)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && parts.stream().anyMatch(p -> c.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    PredictionRecord p = codec.decode(r.value());
                    var header = r.headers().lastHeader(InferenceLoop.INSTANCE_HEADER);
                    out.add(new Scored(
                            p.getAsset(),
                            (int) Duration.between(T0, p.getWindowEnd()).toMinutes(),
                            p.getAdapterVersion(),
                            header == null ? null : new String(header.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return out;
    }

    /** Steps {@code from..to} (1-based, one per minute) of every asset's life. */
    static void sendSteps(int from, int to) {
        AvroCodec<FeatureVector> codec = AvroCodec.of(FeatureVector.class);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> p =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int asset = 0; asset < ASSETS; asset++) {
                SplittableRandom random = new SplittableRandom(asset);
                String id = "gb-" + asset;
                for (int t = 1; t <= to; t++) {
                    double[] v = TestBaseModels.step(t, LIFE, random);
                    if (t < from) continue;
                    Map<String, Double> features = new HashMap<>();
                    for (int c = 0; c < v.length; c++) features.put(TestBaseModels.CHANNELS.get(c), v[c]);
                    FeatureVector fv = FeatureVector.newBuilder()
                            .setPlant(PLANT)
                            .setAsset(id)
                            .setWindowStart(T0.plusSeconds(60L * t - 60))
                            .setWindowEnd(T0.plusSeconds(60L * t))
                            .setReadingCount(60)
                            .setFeatures(features)
                            .build();
                    p.send(new ProducerRecord<>(Topics.features(PLANT), id, codec.encode(fv)));
                }
            }
        }
    }

    static void announce(long version, Path adapter) throws Exception {
        ModelUpdate u = new ModelUpdate(PLANT, version, version, adapter.toString(), "ab".repeat(32), List.of(), T0);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> p =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.modelUpdates(PLANT), PLANT, JSON.writeValueAsBytes(u)))
                    .get();
        }
    }
}
