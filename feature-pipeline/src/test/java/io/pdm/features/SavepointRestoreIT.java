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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoint compatibility (issue 14): the plant job stops with a savepoint and the same job restores from it
 * <b>without</b> {@code allowNonRestoredState}, and the restored state is used: a window that had three readings
 * before the savepoint gets its fourth after the restore and is stored with all four.
 */
@Timeout(240)
class SavepointRestoreIT {
    static final String PLANT = "plant-savepoint";
    /** A window start an hour behind the wall clock: only the asset's own readings move its clock. */
    static final long T0 = (System.currentTimeMillis() - 3_600_000L) / 5_000 * 5_000;

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

    @Test
    void theJobRestoresFromItsSavepointWithoutDroppingState(
            @InjectClusterClient ClusterClient<?> client, @TempDir Path savepoints) throws Exception {
        String jdbc = TestPostgres.newDatabase("savepoint");
        // The silent-asset bound is far away, so only the restored window state can hold the first readings.
        FeatureJobConfig c = FeatureJobConfig.defaults(PLANT, kafka.bootstrapServers())
                .withWindow(Duration.ofSeconds(5), Duration.ofSeconds(5))
                .withWatermarks(Duration.ofSeconds(1), Duration.ofMinutes(30), Duration.ZERO)
                .withCheckpointInterval(Duration.ofSeconds(1));

        JobID first = client.submitJob(jobGraph(c, jdbc, SavepointRestoreSettings.none()))
                .get(60, TimeUnit.SECONDS);
        send(T0 + 1_000, T0 + 2_000, T0 + 3_000);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> count(jdbc, "SELECT count(*) FROM readings") == 3);
        String savepoint = client.stopWithSavepoint(first, false, savepoints.toString(), SavepointFormatType.CANONICAL)
                .get(120, TimeUnit.SECONDS);
        assertThat(client.getJobStatus(first).get(30, TimeUnit.SECONDS)).isEqualTo(JobStatus.FINISHED);
        assertThat(count(jdbc, "SELECT count(*) FROM features"))
                .as("the window is still open")
                .isZero();

        JobID restored = client.submitJob(jobGraph(c, jdbc, SavepointRestoreSettings.forPath(savepoint, false)))
                .get(60, TimeUnit.SECONDS);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> client.getJobStatus(restored).get() == JobStatus.RUNNING);
        send(T0 + 4_000, T0 + 12_000); // the fourth reading, then one that closes [T0, T0 + 5 s)
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> count(
                                    jdbc,
                                    "SELECT coalesce(max(reading_count), 0) FROM features"
                                            + " WHERE window_start = to_timestamp(" + T0 / 1000 + ")")
                            == 4);
            assertThat(count(jdbc, "SELECT count(*) FROM readings")).isEqualTo(5);
        } finally {
            client.cancel(restored).get(30, TimeUnit.SECONDS);
        }
    }

    private static JobGraph jobGraph(FeatureJobConfig c, String jdbc, SavepointRestoreSettings restore) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        PlantJob.build(env, c, ConnectionFactory.of(jdbc), SinkOptions.defaults());
        JobGraph graph = env.getStreamGraph().getJobGraph();
        graph.setSavepointRestoreSettings(restore);
        return graph;
    }

    private static void send(long... timestamps) {
        AvroCodec<TelemetryRecord> codec = AvroCodec.of(TelemetryRecord.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (long ts : timestamps) {
                byte[] value = codec.encode(TelemetryRecord.newBuilder()
                        .setPlant(PLANT)
                        .setAsset("pump-1")
                        .setTs(Instant.ofEpochMilli(ts))
                        .setReceivedAt(Instant.now())
                        .setBody(ScalarSnapshot.newBuilder()
                                .setValues(Map.of("temp", (double) ts % 100))
                                .build())
                        .build());
                producer.send(new ProducerRecord<>(
                        Topics.telemetry(PLANT), "pump-1".getBytes(StandardCharsets.UTF_8), value));
            }
            producer.flush();
        }
    }

    private static long count(String jdbc, String sql) throws Exception {
        try (Connection conn = DriverManager.getConnection(jdbc);
                Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
