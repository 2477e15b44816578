package io.pdm.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.TestPostgres;
import io.pdm.inference.store.AlertQueries;
import io.pdm.inference.store.InferenceStore;
import io.pdm.inference.store.InferenceStoreIT;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.PredictionRecord;
import io.pdm.schemas.kafka.ModelUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The loop's wiring on a real broker and a real PostgreSQL: every feature vector yields its outputs exactly once in
 * Kafka and in the store, across a restart; the restart rebuilds state from the warm-up and serves the newest model
 * update at once.
 * The steps here are a plain function of the input (a prediction per vector, remaining life = 1000 - index), so the
 * test can check the plumbing alone; the real steps have their own tests.
 */
class InferenceLoopIT {
    static final String PLANT = "plant-loop";
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.builder().build().start();
        kafka.createTopics(
                2, Topics.features(PLANT), Topics.modelUpdates(PLANT), Topics.predictions(PLANT), Topics.alerts(PLANT));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    /** Records what the loop handed it, and answers with one prediction per vector (an alert on every 5th). */
    static final class Echo implements InferenceLoop.Steps {
        final List<String> warmUps = new CopyOnWriteArrayList<>();
        final List<Long> updates = new CopyOnWriteArrayList<>();

        @Override
        public InferenceLoop.Outcome onFeatures(FeatureVector fv, boolean warmUp) {
            int index = (int) ((fv.getWindowEnd().toEpochMilli() - T0.toEpochMilli()) / 60_000);
            if (warmUp) warmUps.add(fv.getAsset() + "@" + index);
            seen.add(fv.getAsset());
            PredictionRecord p = PredictionRecord.newBuilder(
                            InferenceStoreIT.prediction(fv.getAsset(), index, 1000 - index))
                    .setPlant(PLANT)
                    .build();
            List<io.pdm.schemas.avro.AlertRecord> alerts = new ArrayList<>();
            if (index % 5 == 0) {
                alerts.add(io.pdm.schemas.avro.AlertRecord.newBuilder(
                                InferenceStoreIT.alert(fv.getAsset() + "-" + index, fv.getAsset(), index, 500))
                        .setPlant(PLANT)
                        .build());
            }
            return new InferenceLoop.Outcome(List.of(p), alerts);
        }

        final java.util.Set<String> forgotten = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public void onModelUpdate(ModelUpdate update) {
            updates.add(update.version());
        }

        @Override
        public void forget(java.util.Collection<String> assets) {
            forgotten.addAll(assets);
        }
    }

    static void sendFeatures(String asset, int from, int to) {
        sendFeatures(PLANT, asset, from, to);
    }

    static void sendFeatures(String plant, String asset, int from, int to) {
        AvroCodec<FeatureVector> codec = AvroCodec.of(FeatureVector.class);
        try (KafkaProducer<String, byte[]> p = producer()) {
            for (int i = from; i < to; i++) {
                FeatureVector fv = FeatureVector.newBuilder()
                        .setPlant(plant)
                        .setAsset(asset)
                        .setWindowStart(T0.plusSeconds(60L * i - 60))
                        .setWindowEnd(T0.plusSeconds(60L * i))
                        .setReadingCount(60)
                        .setFeatures(Map.of("vibration.rms", 0.1 * i))
                        .build();
                p.send(new ProducerRecord<>(Topics.features(plant), asset, codec.encode(fv)));
            }
        }
    }

    static void sendUpdate(long version) throws Exception {
        ModelUpdate u = new ModelUpdate(PLANT, version, version, "/tmp/v" + version, "0".repeat(64), List.of(), T0);
        byte[] json = new ObjectMapper().registerModule(new JavaTimeModule()).writeValueAsBytes(u);
        try (KafkaProducer<String, byte[]> p = producer()) {
            p.send(new ProducerRecord<>(Topics.modelUpdates(PLANT), PLANT, json));
        }
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    static List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        List<ConsumerRecord<String, byte[]>> out = Collections.synchronizedList(new ArrayList<>());
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int idle = 0;
            while (System.nanoTime() < deadline && (out.size() < atLeast || idle < 3)) {
                var batch = c.poll(Duration.ofMillis(500));
                batch.forEach(out::add);
                idle = batch.isEmpty() ? idle + 1 : 0;
            }
        }
        return out;
    }

    static InferenceLoop loop(InferenceLoop.Steps steps, InferenceStore store) {
        return loop(steps, store, PLANT, "0");
    }

    static InferenceLoop loop(InferenceLoop.Steps steps, InferenceStore store, String plant, String instance) {
        return new InferenceLoop(
                new InferenceLoop.Settings(kafka.bootstrapServers(), plant, instance, Duration.ofMillis(200), 3),
                steps,
                store,
                new SimpleMeterRegistry());
    }

    @Test
    void everyWindowIsPublishedAndStoredOnceAcrossARestart() throws Exception {
        InferenceStore store =
                InferenceStore.of(TestPostgres.newDatabase("inference_loop")).migrate();
        AlertQueries queries = new AlertQueries(store);
        sendUpdate(1);
        sendFeatures("p1", 1, 21);
        sendFeatures("p2", 1, 11);

        Echo first = new Echo();
        InferenceLoop one = loop(first, store);
        Thread t1 = new Thread(one, "loop-1");
        t1.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> queries.health(PLANT, "p1", 100)
                                        .map(h -> h.trend().size())
                                        .orElse(0)
                                == 20
                        && queries.health(PLANT, "p2", 100)
                                        .map(h -> h.trend().size())
                                        .orElse(0)
                                == 10);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.updates.contains(1L));
        one.close();
        t1.join();
        assertThat(first.warmUps).isEmpty();

        sendUpdate(2);
        sendFeatures("p1", 21, 26);
        Echo second = new Echo();
        InferenceLoop two = loop(second, store);
        Thread t2 = new Thread(two, "loop-2");
        t2.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> queries.health(PLANT, "p1", 100)
                                .map(h -> h.trend().size())
                                .orElse(0)
                        == 25);
        // A restart serves the newest version at once, without loading the ones before it.
        await().atMost(Duration.ofSeconds(10)).until(() -> second.updates.contains(2L));
        assertThat(second.updates).containsExactly(2L);
        two.close();
        t2.join();

        // The restart replayed the newest windows before the committed offset to rebuild state, publishing nothing.
        assertThat(second.warmUps).isNotEmpty().allMatch(w -> !w.endsWith("@21"));
        List<ConsumerRecord<String, byte[]>> predictions = readCommitted(Topics.predictions(PLANT), 35);
        assertThat(predictions).hasSize(35);
        AvroCodec<PredictionRecord> codec = AvroCodec.of(PredictionRecord.class);
        assertThat(predictions.stream()
                        .map(r -> codec.decode(r.value()).getAsset() + "@"
                                + codec.decode(r.value()).getWindowEnd())
                        .distinct())
                .hasSize(35);
        // Alerts on windows 5, 10, ... : p1 has 5 of 25, p2 has 2 of 10.
        assertThat(readCommitted(Topics.alerts(PLANT), 7)).hasSize(7);
        assertThat(queries.alerts(PLANT, null, 1, null, 100)).hasSize(7);
    }

    /**
     * When a second instance joins, the first keeps the state of the partition it keeps and forgets the assets of the
     * one it hands over, so it never scores them from a stale state if that partition comes back later.
     */
    @Test
    void anInstanceForgetsTheAssetsOfAPartitionItHandsOver() throws Exception {
        InferenceStore store = InferenceStore.of(TestPostgres.newDatabase("inference_loop_forget"))
                .migrate();
        String plant = "plant-loop-forget";
        kafka.createTopics(
                2, Topics.features(plant), Topics.modelUpdates(plant), Topics.predictions(plant), Topics.alerts(plant));
        String[] assets = {"f1", "f2", "f3", "f4", "f5", "f6"};
        for (String a : assets) sendFeatures(plant, a, 1, 3);
        Echo first = new Echo(), second = new Echo();
        InferenceLoop one = loop(first, store, plant, "one");
        Thread t1 = new Thread(one, "loop-one");
        t1.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> first.seen.containsAll(List.of(assets)));
        InferenceLoop two = loop(second, store, plant, "two");
        Thread t2 = new Thread(two, "loop-two");
        t2.start();
        // Two partitions, two instances: each ends with one, and the first forgets exactly the other's assets.
        await().atMost(Duration.ofSeconds(60)).until(() -> !first.forgotten.isEmpty());
        for (String a : assets) sendFeatures(plant, a, 3, 5);
        await().atMost(Duration.ofSeconds(60)).until(() -> second.seen.containsAll(first.forgotten));
        one.close();
        two.close();
        t1.join();
        t2.join();
        assertThat(first.forgotten).isSubsetOf(List.of(assets)).isNotEqualTo(java.util.Set.of(assets));
        assertThat(second.seen).as("the new owner scores them").containsAll(first.forgotten);
    }
}
