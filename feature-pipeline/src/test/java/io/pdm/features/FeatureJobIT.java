package io.pdm.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.features.flink.DecodingDeserializer;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.DeadLetterRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.LogSource;
import io.pdm.schemas.avro.MaintenanceAction;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import io.pdm.schemas.avro.ScalarSnapshot;
import io.pdm.schemas.avro.TelemetryRecord;
import io.pdm.schemas.avro.WaveformBlock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job on a MiniCluster against an in-process Kafka broker. */
@Timeout(120)
class FeatureJobIT {
    static final String PLANT = "plant-it";
    static final long T0 = 1_764_000_000_000L; // multiple of 10 s

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.builder().build().start();
        kafka.createTopics(
                1,
                Topics.telemetry(PLANT),
                Topics.maintenanceLogs(PLANT),
                Topics.features(PLANT),
                Topics.telemetryLate(PLANT),
                Topics.dlq(PLANT));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    final AvroCodec<TelemetryRecord> telemetry = AvroCodec.of(TelemetryRecord.class);

    byte[] scalar(String asset, long ts, double temp) {
        return telemetry.encode(TelemetryRecord.newBuilder()
                .setPlant(PLANT)
                .setAsset(asset)
                .setTs(Instant.ofEpochMilli(ts))
                .setReceivedAt(Instant.ofEpochMilli(ts))
                .setBody(ScalarSnapshot.newBuilder()
                        .setValues(Map.of("temp", temp))
                        .build())
                .build());
    }

    byte[] waveform(String asset, long ts) {
        List<Float> x = new ArrayList<>();
        for (int i = 0; i < 1000; i++) x.add((float) (2 * Math.sin(2 * Math.PI * 50 * i / 1000.0)));
        return telemetry.encode(TelemetryRecord.newBuilder()
                .setPlant(PLANT)
                .setAsset(asset)
                .setTs(Instant.ofEpochMilli(ts))
                .setReceivedAt(Instant.ofEpochMilli(ts))
                .setBody(WaveformBlock.newBuilder()
                        .setSensor("vib")
                        .setRateHz(1000)
                        .setSamples(x)
                        .build())
                .build());
    }

    @Test
    void computesFeaturesJoinsMaintenanceAndRoutesLateAndBadRecords() throws Exception {
        FeatureJobConfig c = FeatureJobConfig.defaults(PLANT, kafka.bootstrapServers())
                .withWindow(Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withWatermarks(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO)
                .withCheckpointInterval(Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        FeatureJob.attachKafkaSinks(FeatureJob.build(env, c), c);

        try (KafkaProducer<byte[], byte[]> producer = producer();
                KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            byte[] a1 = "a1".getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(
                    Topics.maintenanceLogs(PLANT),
                    a1,
                    AvroCodec.of(MaintenanceLogRecord.class)
                            .encode(MaintenanceLogRecord.newBuilder()
                                    .setId("m1")
                                    .setPlant(PLANT)
                                    .setAsset("a1")
                                    .setTs(Instant.ofEpochMilli(T0 - 60_000))
                                    .setAction(MaintenanceAction.REPAIR)
                                    .setText("replaced bearing")
                                    .setSource(LogSource.REST)
                                    .setReceivedAt(Instant.ofEpochMilli(T0))
                                    .build())));
            String telemetryTopic = Topics.telemetry(PLANT);
            for (int i = 1; i <= 5; i++)
                producer.send(new ProducerRecord<>(telemetryTopic, a1, scalar("a1", T0 + i * 1000L, i)));
            producer.send(new ProducerRecord<>(telemetryTopic, a1, waveform("a1", T0 + 6000)));
            producer.send(
                    new ProducerRecord<>(telemetryTopic, a1, scalar("a1", T0 + 25_000, 10))); // closes [T0, T0+10s)
            producer.flush();

            JobClient job = env.executeAsync("feature-job-it");
            try {
                List<FeatureVector> first =
                        poll(consumer, Topics.features(PLANT), FeatureVector.class, l -> !l.isEmpty());
                FeatureVector w0 = first.get(0);
                assertThat(w0.getAsset()).isEqualTo("a1");
                assertThat(w0.getWindowStart().toEpochMilli()).isEqualTo(T0);
                assertThat(w0.getReadingCount()).isEqualTo(6);
                assertThat(w0.getFeatures().get("temp.mean")).isCloseTo(3.0, within(1e-12));
                assertThat(w0.getFeatures().get("temp.slope")).isCloseTo(1.0, within(1e-12));
                assertThat(w0.getFeatures().get("vib.rms")).isCloseTo(Math.sqrt(2), within(1e-5));

                // The window above has fired, so this one is late; then junk, then two windows' worth.
                producer.send(new ProducerRecord<>(telemetryTopic, a1, scalar("a1", T0 + 2000, 99)));
                producer.send(new ProducerRecord<>(telemetryTopic, a1, "garbage".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(
                        telemetryTopic, a1, scalar("a1", T0 + 40_000, 20))); // closes [T0+20s, T0+30s)
                producer.flush();

                List<FeatureVector> all =
                        poll(consumer, Topics.features(PLANT), FeatureVector.class, l -> l.size() >= 2);
                FeatureVector w2 = all.get(1);
                assertThat(w2.getWindowStart().toEpochMilli()).isEqualTo(T0 + 20_000);
                assertThat(w2.getFeatures().get("temp.mean")).isEqualTo(10.0);
                assertThat(w2.getLastMaintenanceAction()).isEqualTo("REPAIR");
                assertThat(w2.getSecondsSinceMaintenance()).isEqualTo(90.0); // T0+30s minus T0-60s

                List<TelemetryRecord> late =
                        poll(consumer, Topics.telemetryLate(PLANT), TelemetryRecord.class, l -> !l.isEmpty());
                assertThat(late).extracting(r -> r.getTs().toEpochMilli()).containsExactly(T0 + 2000);

                List<DeadLetterRecord> dlq =
                        poll(consumer, Topics.dlq(PLANT), DeadLetterRecord.class, l -> !l.isEmpty());
                assertThat(dlq.get(0).getReason()).isEqualTo(DecodingDeserializer.REASON);
                assertThat(dlq.get(0).getAsset()).isEqualTo("a1");
                assertThat(StandardCharsets.UTF_8
                                .decode(dlq.get(0).getPayload())
                                .toString())
                        .isEqualTo("garbage");
            } finally {
                job.cancel().get();
            }
        }
    }

    /** Reads the whole topic from the start until the decoded list satisfies {@code done} (30 s max). */
    static <T extends org.apache.avro.specific.SpecificRecordBase> List<T> poll(
            KafkaConsumer<byte[], byte[]> consumer, String topic, Class<T> type, Predicate<List<T>> done) {
        AvroCodec<T> codec = AvroCodec.of(type);
        consumer.unsubscribe();
        var tp = new org.apache.kafka.common.TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        List<T> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.test(out)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out on " + topic + ", got " + out);
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)))
                out.add(codec.decode(r.value()));
        }
        return out;
    }

    static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    static KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p);
    }
}
