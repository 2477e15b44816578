package io.pdm.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.ScalarSnapshot;
import io.pdm.schemas.avro.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code FeatureJob.main} as a Flink cluster runs it in application mode (the Flink Kubernetes Operator's
 * {@code entryClass}, `standalone-job --job-classname`): no arguments, every setting from the environment or, here,
 * the system properties of the same names (a test cannot set this JVM's environment; both go through
 * {@link FeatureJobConfig#parameters}).
 */
@Timeout(120)
class FeatureJobMainIT {
    static final String PLANT = "plant-main";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void theApplicationEntryPointRunsTheJobFromSettingsAlone(@InjectClusterClient ClusterClient<?> flink)
            throws Exception {
        Map<String, String> settings;
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            kafka.createTopics(
                    1,
                    Topics.telemetry(PLANT),
                    Topics.maintenanceLogs(PLANT),
                    Topics.features(PLANT),
                    Topics.telemetryLate(PLANT),
                    Topics.dlq(PLANT));
            settings = Map.of(
                    "pdm.kafka", kafka.bootstrapServers(),
                    "pdm.plant", PLANT,
                    "pdm.features.window-size", "10s",
                    "pdm.features.max-out-of-orderness", "1s",
                    "pdm.features.idleness", "1s",
                    "pdm.features.allowed-lateness", "0",
                    "pdm.features.checkpoint-interval", "1s",
                    "pdm.features.parallelism", "1");
            settings.forEach(System::setProperty);
            CompletableFuture<Void> main = CompletableFuture.runAsync(() -> {
                try {
                    FeatureJob.main(new String[0]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka);
                    KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
                byte[] a1 = "a1".getBytes(StandardCharsets.UTF_8);
                long t0 = FeatureJobIT.T0;
                for (int i = 1; i <= 5; i++) {
                    producer.send(new ProducerRecord<>(Topics.telemetry(PLANT), a1, scalar("a1", t0 + i * 1000L, i)));
                }
                producer.send(new ProducerRecord<>(Topics.telemetry(PLANT), a1, scalar("a1", t0 + 25_000, 10)));
                producer.flush();

                List<FeatureVector> features =
                        FeatureJobIT.poll(consumer, Topics.features(PLANT), FeatureVector.class, l -> !l.isEmpty());
                assertThat(features.get(0).getAsset()).isEqualTo("a1");
                assertThat(features.get(0).getWindowStart().toEpochMilli()).isEqualTo(t0);
                assertThat(features.get(0).getReadingCount()).isEqualTo(5);
                assertThat(features.get(0).getFeatures().get("temp.mean")).isCloseTo(3.0, within(1e-12));
                assertThat(flink.listJobs().get())
                        .anySatisfy(j -> assertThat(j.getJobName()).isEqualTo("pdm-features-" + PLANT));
            } finally {
                for (var job : flink.listJobs().get()) {
                    if (job.getJobState() == JobStatus.RUNNING)
                        flink.cancel(job.getJobId()).get();
                }
                main.handle((ok, failure) -> null).get();
                settings.keySet().forEach(System::clearProperty);
            }
        }
    }

    static byte[] scalar(String asset, long ts, double temp) {
        return AvroCodec.of(TelemetryRecord.class)
                .encode(TelemetryRecord.newBuilder()
                        .setPlant(PLANT)
                        .setAsset(asset)
                        .setTs(Instant.ofEpochMilli(ts))
                        .setReceivedAt(Instant.ofEpochMilli(ts))
                        .setBody(ScalarSnapshot.newBuilder()
                                .setValues(Map.of("temp", temp))
                                .build())
                        .build());
    }

    static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "main-it-" + UUID.randomUUID());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p);
    }
}
