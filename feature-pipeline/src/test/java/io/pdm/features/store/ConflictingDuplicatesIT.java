package io.pdm.features.store;

import static io.pdm.features.store.StoreTestDb.count;
import static io.pdm.features.store.StoreTestDb.todayAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.features.flink.KafkaDeadLetters;
import io.pdm.features.records.DeadLetter;
import io.pdm.features.records.Reading;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.DeadLetterRecord;
import io.pdm.schemas.avro.ScalarSnapshot;
import io.pdm.schemas.avro.TelemetryRecord;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14, section 2: readings with the same asset, sensor and millisecond. An identical repeat is
 * one row; a different value is not stored and not dropped either: it is dead-lettered as
 * CONFLICTING_DUPLICATE. Real PostgreSQL (and, for the plant job's wiring, the real Kafka DLQ).
 */
class ConflictingDuplicatesIT {
    private static ConnectionFactory db;

    @BeforeAll
    static void setUp() {
        db = StoreTestDb.fresh("store_conflicts");
    }

    /** Collects what the writer rejects (same JVM, so a plain list). */
    static final class Collected implements Rejections {
        final List<DeadLetter> letters = new ArrayList<>();

        @Override
        public void reject(List<DeadLetter> l) {
            letters.addAll(l);
        }
    }

    static long write(ReadingWriter w, List<Reading> rows) throws SQLException {
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            w.prepare(c);
            long n = w.write(c, rows);
            c.commit();
            return n;
        }
    }

    static Reading temp(String asset, long ts, double v) {
        return Reading.scalar("p1", asset, ts, ts, new String[] {"temp"}, new double[] {v});
    }

    @ParameterizedTest
    @EnumSource(ReadingWriter.Mode.class)
    void tenSnapshotsInOneMillisecondAreOneRowAndNineDeadLetters(ReadingWriter.Mode mode) throws Exception {
        String asset = "burst-" + mode.name().toLowerCase().replace('_', '-');
        long t = todayAt(4);
        List<Reading> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) burst.add(temp(asset, t, 60 + i)); // sub-millisecond snapshots
        burst.add(temp(asset, t, 60)); // an identical repeat of the first: an idempotent duplicate
        Collected rejected = new Collected();
        ReadingWriter w = new ReadingWriter(mode, rejected);

        write(w, burst);
        try (Connection c = db.open()) {
            assertThat(count(c, "SELECT count(*) FROM readings WHERE asset = '" + asset + "'"))
                    .isEqualTo(1);
            assertThat(count(c, "SELECT value::bigint FROM readings WHERE asset = '" + asset + "'"))
                    .as("the first value stays stored")
                    .isEqualTo(60);
        }
        assertThat(rejected.letters).hasSize(9);
        assertThat(rejected.letters).allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo("CONFLICTING_DUPLICATE");
            assertThat(d.asset()).isEqualTo(asset);
            assertThat(d.source()).isEqualTo("kafka:" + Topics.telemetry("p1"));
            assertThat(d.detail())
                    .contains("sensor temp", "differs from the stored 60.0", "same asset, sensor and millisecond");
        });
        AvroCodec<TelemetryRecord> codec = AvroCodec.of(TelemetryRecord.class);
        assertThat(rejected.letters)
                .extracting(d -> ((ScalarSnapshot) codec.decode(d.payload()).getBody())
                        .getValues()
                        .get("temp"))
                .containsExactlyInAnyOrder(61.0, 62.0, 63.0, 64.0, 65.0, 66.0, 67.0, 68.0, 69.0);

        // Later: a replay of the same burst adds nothing and rejects the same nine again (at least
        // once); a plain repeat of the stored value is silent; a new differing value is rejected.
        rejected.letters.clear();
        write(w, List.of(temp(asset, t, 60), temp(asset, t + 1, 1)));
        assertThat(rejected.letters).isEmpty();
        write(w, List.of(temp(asset, t, 99)));
        assertThat(rejected.letters)
                .singleElement()
                .satisfies(d -> assertThat(d.detail()).contains("value 99.0 differs from the stored 60.0"));
        try (Connection c = db.open()) {
            assertThat(count(c, "SELECT count(*) FROM readings WHERE asset = '" + asset + "'"))
                    .isEqualTo(2);
        }
    }

    @Test
    void aDifferentWaveformBlockAtTheSameTimeIsRejectedAnIdenticalOneIsNot() throws Exception {
        long t = todayAt(4);
        Collected rejected = new Collected();
        ReadingWriter w = new ReadingWriter(ReadingWriter.Mode.OPTIMISTIC_COPY, rejected);
        Reading block = Reading.waveform("p1", "wave", t, t, "vib", 1000, new float[] {1, 2, 3});
        write(w, List.of(block));
        write(w, List.of(block));
        assertThat(rejected.letters).isEmpty();
        write(w, List.of(Reading.waveform("p1", "wave", t, t, "vib", 1000, new float[] {1, 2, 4, 5})));
        assertThat(rejected.letters)
                .singleElement()
                .satisfies(d -> assertThat(d.detail()).contains("a block of 4 samples", "stored block of 3 samples"));
        try (Connection c = db.open()) {
            assertThat(count(c, "SELECT count(*) FROM waveforms WHERE asset = 'wave'"))
                    .isEqualTo(1);
        }
    }

    /** The plant job's wiring: the rejection is a DeadLetterRecord in pdm.{plant}.dlq.v1 with the usual headers. */
    @Test
    void thePlantJobsRejectionsLandInThePlantsDeadLetterTopic() throws Exception {
        String topic = Topics.dlq("p1");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            kafka.createTopics(1, topic);
            long t = todayAt(4);
            try (KafkaDeadLetters dlq = new KafkaDeadLetters(kafka.bootstrapServers(), topic, java.util.Map.of())) {
                ReadingWriter w = new ReadingWriter(ReadingWriter.Mode.OPTIMISTIC_COPY, dlq);
                write(w, List.of(temp("kafka-dlq", t, 1.5), temp("kafka-dlq", t, 2.5)));
            }
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
                TopicPartition tp = new TopicPartition(topic, 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (records.isEmpty() && System.nanoTime() < deadline)
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).hasSize(1);
            ConsumerRecord<byte[], byte[]> r = records.get(0);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("kafka-dlq");
            assertThat(new String(r.headers().lastHeader(Topics.HEADER_REASON).value(), StandardCharsets.UTF_8))
                    .isEqualTo("CONFLICTING_DUPLICATE");
            DeadLetterRecord d = AvroCodec.of(DeadLetterRecord.class).decode(r.value());
            assertThat(d.getReason()).isEqualTo("CONFLICTING_DUPLICATE");
            assertThat(d.getDetail()).contains("value 2.5 differs from the stored 1.5");
        }
        try (Connection c = db.open()) {
            assertThat(count(c, "SELECT count(*) FROM readings WHERE asset = 'kafka-dlq'"))
                    .isEqualTo(1);
        }
    }
}
