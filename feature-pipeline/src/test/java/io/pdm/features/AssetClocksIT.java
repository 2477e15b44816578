package io.pdm.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.TestPostgres;
import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.SinkOptions;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.ScalarSnapshot;
import io.pdm.schemas.avro.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14, section 2, end to end: the plant job (MiniCluster, embedded Kafka, PostgreSQL) while a
 * device stamps the wall-clock time and another asset on the same partition runs three hours
 * behind (a replay, a gateway flushing its buffer). With one job-wide watermark the second asset's
 * readings were all late, or (on other partitions) held the first one's windows back until a drain.
 * Here both get stored feature rows within seconds, while the job and the devices are still running.
 * (On the former job this test times out: the behind asset's windows after the start never come.)
 */
@Timeout(180)
class AssetClocksIT {
    static final String PLANT = "plant-clock";

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
                .setReceivedAt(Instant.now())
                .setBody(ScalarSnapshot.newBuilder()
                        .setValues(Map.of("temp", temp))
                        .build())
                .build());
    }

    @Test
    void anAssetOnTheWallClockAndOneHoursBehindBothGetFeatureRowsWhileTheJobRuns() throws Exception {
        String jdbc = TestPostgres.newDatabase("asset_clocks");
        FeatureJobConfig c = FeatureJobConfig.defaults(PLANT, kafka.bootstrapServers())
                .withWindow(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .withWatermarks(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ZERO)
                .withCheckpointInterval(Duration.ofSeconds(2));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        PlantJob.build(env, c, ConnectionFactory.of(jdbc), SinkOptions.defaults());
        JobClient job = env.executeAsync("asset-clocks-it");

        long behind = Duration.ofHours(3).toMillis();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicLong sent = new AtomicLong();
        Thread devices = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int i = 0; sending.get(); i++) {
                    long now = System.currentTimeMillis();
                    for (String asset : new String[] {"live", "replay"}) {
                        long ts = asset.equals("live") ? now : now - behind;
                        producer.send(new ProducerRecord<>(
                                Topics.telemetry(PLANT), asset.getBytes(StandardCharsets.UTF_8), scalar(asset, ts, i)));
                        sent.incrementAndGet();
                    }
                    producer.flush();
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        devices.start();
        try {
            // Once the job is running (its first row is stored), both assets must keep getting rows for
            // windows that begin after that moment, each on its own clock. A window of 5 s plus 1 s of
            // out-of-orderness closes 6-11 s after its first reading; the rest is the sink's flush.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> !featureRows(jdbc).isEmpty());
            long running = System.currentTimeMillis();
            long started = System.nanoTime();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> latestWindowStart(jdbc, "live") >= running
                            && latestWindowStart(jdbc, "replay") >= running - behind);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "AssetClocksIT: both clocks had a window begun after the job ran within %.1f s%n", seconds);
            assertThat(sending.get()).isTrue();
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
            assertThat(seconds)
                    .as("seconds until both assets had a row for a window begun after the job ran")
                    .isLessThan(30);

            try (Connection conn = java.sql.DriverManager.getConnection(jdbc);
                    Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT asset, min(window_start), max(reading_count)"
                            + " FROM features GROUP BY asset ORDER BY asset")) {
                Map<String, Instant> firstWindow = new HashMap<>();
                while (rs.next()) {
                    firstWindow.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                    assertThat(rs.getInt(3)).isGreaterThan(1);
                }
                // Each asset's windows are on its own clock: three hours apart.
                Duration gap = Duration.between(firstWindow.get("replay"), firstWindow.get("live"));
                assertThat(gap)
                        .isBetween(
                                Duration.ofHours(3).minusMinutes(1),
                                Duration.ofHours(3).plusMinutes(1));
            }
            assertThat(recordsIn(Topics.telemetryLate(PLANT)))
                    .as("late readings")
                    .isZero();
        } finally {
            sending.set(false);
            devices.join();
            job.cancel().get();
        }
    }

    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** Every record in the topic's one partition, read for two seconds. */
    static long recordsIn(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long n = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < deadline)
                n += consumer.poll(Duration.ofMillis(200)).count();
            return n;
        }
    }

    /** Start of the asset's latest stored window, epoch ms (Long.MIN_VALUE: none). */
    static long latestWindowStart(String jdbc, String asset) throws Exception {
        try (Connection conn = java.sql.DriverManager.getConnection(jdbc);
                Statement st = conn.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT max(window_start) FROM features WHERE asset = '" + asset + "'")) {
            rs.next();
            return rs.getTimestamp(1) == null
                    ? Long.MIN_VALUE
                    : rs.getTimestamp(1).getTime();
        }
    }

    static Map<String, Long> featureRows(String jdbc) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        try (Connection conn = java.sql.DriverManager.getConnection(jdbc);
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT asset, count(*) FROM features GROUP BY asset")) {
            while (rs.next()) rows.put(rs.getString(1), rs.getLong(2));
        }
        return rows;
    }
}
