package io.pdm.features.store;

import static io.pdm.features.store.StoreTestDb.count;
import static io.pdm.features.store.StoreTestDb.todayAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.features.records.Reading;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcSinkWriterIT {
    private static ConnectionFactory db;

    @BeforeAll
    static void setUp() {
        db = StoreTestDb.fresh("store_sink");
    }

    private static List<Reading> readings(String asset, int n) {
        List<Reading> out = new ArrayList<>();
        long t = todayAt(2);
        for (int i = 0; i < n; i++) {
            out.add(Reading.scalar("p1", asset, t + i * 1000L, t, new String[] {"temp"}, new double[] {i}));
        }
        return out;
    }

    private static long stored(String asset) throws SQLException {
        try (Connection c = db.open()) {
            return count(c, "SELECT count(*) FROM readings WHERE asset = '" + asset + "'");
        }
    }

    @Test
    void flushAtCheckpointWritesBufferedRows() throws Exception {
        try (JdbcSinkWriter<Reading> w = new JdbcSinkWriter<>(db, new ReadingWriter(), SinkOptions.defaults(), null)) {
            for (Reading r : readings("ckpt", 7)) w.write(r, null);
            assertThat(stored("ckpt")).isZero();
            assertThat(w.buffered()).isEqualTo(7);

            w.flush(false);

            assertThat(stored("ckpt")).isEqualTo(7);
            assertThat(w.buffered()).isZero();
        }
    }

    @Test
    void readingsSinkAppliesRetentionOncePerDay() throws Exception {
        java.time.LocalDate old =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(400);
        long before;
        try (Connection c = db.open()) {
            before = partitions(c);
            PartitionMaintenance.ensurePartitions(c, old, old.plusDays(2));
            assertThat(partitions(c)).isEqualTo(before + 2);
        }
        SinkOptions opts = SinkOptions.defaults().withRetention(true);
        try (JdbcSinkWriter<Reading> w = new JdbcSinkWriter<>(db, new ReadingWriter(), opts, null)) {
            for (Reading r : readings("retention", 3)) w.write(r, null);
            w.flush(false);
        }
        try (Connection c = db.open()) {
            assertThat(partitions(c))
                    .as("the two 400-day-old partitions are dropped, nothing else")
                    .isEqualTo(before);
        }
        assertThat(stored("retention")).isEqualTo(3);
    }

    private static long partitions(Connection c) throws SQLException {
        return count(
                c,
                "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'readings'");
    }

    @Test
    void writesFullBatchesWithoutFlush() throws Exception {
        SinkOptions opts = SinkOptions.defaults().withBatchSize(10);
        try (JdbcSinkWriter<Reading> w = new JdbcSinkWriter<>(db, new ReadingWriter(), opts, null)) {
            for (Reading r : readings("size", 25)) w.write(r, null);
            assertThat(stored("size")).isEqualTo(20);
            assertThat(w.batchesWritten()).isEqualTo(2);
            assertThat(w.buffered()).isEqualTo(5);
        }
    }

    @Test
    void timerWritesAfterFlushInterval() throws Exception {
        ManualTimers timers = new ManualTimers();
        SinkOptions opts = SinkOptions.defaults().withFlushInterval(Duration.ofMillis(500));
        try (JdbcSinkWriter<Reading> w = new JdbcSinkWriter<>(db, new ReadingWriter(), opts, timers)) {
            for (Reading r : readings("timer", 3)) w.write(r, null);
            assertThat(timers.due).containsExactly(1_500L); // one timer for the oldest buffered element
            assertThat(stored("timer")).isZero();

            timers.fire();

            assertThat(stored("timer")).isEqualTo(3);
        }
    }

    @Test
    void replayAfterRestartDoesNotDuplicate() throws Exception {
        List<Reading> rows = readings("replay", 50);
        for (int attempt = 0; attempt < 2; attempt++) {
            try (JdbcSinkWriter<Reading> w =
                    new JdbcSinkWriter<>(db, new ReadingWriter(), SinkOptions.defaults(), null)) {
                for (Reading r : rows) w.write(r, null);
                w.flush(true);
                assertThat(w.rowsWritten()).isEqualTo(attempt == 0 ? 50 : 0);
            }
        }
        assertThat(stored("replay")).isEqualTo(50);
    }

    @Test
    void retriesTransientErrorsAndFailsOnPersistentOnes() throws Exception {
        SinkOptions opts = SinkOptions.defaults().withRetries(2, Duration.ofMillis(1), Duration.ofMillis(5));
        FailingWriter transientTwice = new FailingWriter("40001", 2);
        try (JdbcSinkWriter<Reading> w = new JdbcSinkWriter<>(db, transientTwice, opts, null)) {
            for (Reading r : readings("retry", 4)) w.write(r, null);
            w.flush(false);
            assertThat(w.retries()).isEqualTo(2);
        }
        assertThat(stored("retry")).isEqualTo(4);

        try (JdbcSinkWriter<Reading> w = new JdbcSinkWriter<>(db, new FailingWriter("22P02", 1), opts, null)) {
            for (Reading r : readings("persistent", 4)) w.write(r, null);
            assertThatThrownBy(() -> w.flush(false))
                    .isInstanceOf(IOException.class)
                    .hasCauseInstanceOf(SQLException.class);
            assertThat(w.retries()).isZero();
        }
        try (JdbcSinkWriter<Reading> w = new JdbcSinkWriter<>(db, new FailingWriter("08006", 5), opts, null)) {
            for (Reading r : readings("exhausted", 4)) w.write(r, null);
            assertThatThrownBy(() -> w.flush(false))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("after 2 retries");
        }
        assertThat(stored("persistent") + stored("exhausted")).isZero();
    }

    @Test
    void sinkIsSerializable() throws Exception {
        JdbcSink<Reading> sink = JdbcSink.readings(db, SinkOptions.defaults());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(sink);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isInstanceOf(JdbcSink.class);
        }
    }

    /** Throws {@code state} on the first {@code failures} writes, then writes for real. */
    private static final class FailingWriter implements RowWriter<Reading> {
        private final ReadingWriter delegate = new ReadingWriter();
        private final String state;
        private int failures;

        FailingWriter(String state, int failures) {
            this.state = state;
            this.failures = failures;
        }

        @Override
        public void prepare(Connection c) throws SQLException {
            delegate.prepare(c);
        }

        @Override
        public long write(Connection c, List<Reading> rows) throws SQLException {
            long n = delegate.write(c, rows); // written, then failing: the rollback must undo it
            if (failures-- > 0) throw new SQLException("injected", state);
            return n;
        }
    }

    /** Processing time frozen at 1000 ms; timers fire on demand. */
    private static final class ManualTimers implements ProcessingTimeService {
        final List<Long> due = new ArrayList<>();
        final List<ProcessingTimeCallback> callbacks = new ArrayList<>();

        @Override
        public long getCurrentProcessingTime() {
            return 1_000L;
        }

        @Override
        public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback target) {
            due.add(timestamp);
            callbacks.add(target);
            return null;
        }

        void fire() throws Exception {
            List<ProcessingTimeCallback> now = new ArrayList<>(callbacks);
            callbacks.clear();
            for (ProcessingTimeCallback cb : now) cb.onProcessingTime(1_000L + 500L);
        }
    }
}
