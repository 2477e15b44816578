package io.pdm.features.store;

import io.pdm.features.records.Features;
import io.pdm.features.records.MaintenanceLog;
import io.pdm.features.records.Reading;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Flink Sink V2 writing to the pdm store with a {@link RowWriter} strategy.
 *
 * <p>Guarantee: at-least-once delivery (every element buffered before a checkpoint barrier is
 * committed to PostgreSQL in {@code flush}, before the checkpoint completes; after a failure Flink
 * replays from the last checkpoint), turned into exactly-once <em>rows</em> by the writers'
 * idempotent ON CONFLICT writes. No two-phase commit is needed, so no transaction stays open
 * across checkpoints.
 */
public final class JdbcSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final ConnectionFactory db;
    private final RowWriter<T> writer;
    private final SinkOptions options;

    public JdbcSink(ConnectionFactory db, RowWriter<T> writer, SinkOptions options) {
        this.db = db;
        this.writer = writer;
        this.options = options;
    }

    public static JdbcSink<Reading> readings(ConnectionFactory db, SinkOptions options) {
        return new JdbcSink<>(db, new ReadingWriter(), options);
    }

    /** Readings whose second, different value for a stored key goes to {@code rejections}. */
    public static JdbcSink<Reading> readings(ConnectionFactory db, SinkOptions options, Rejections rejections) {
        return new JdbcSink<>(db, new ReadingWriter(ReadingWriter.Mode.OPTIMISTIC_COPY, rejections), options);
    }

    public static JdbcSink<Features> features(ConnectionFactory db, SinkOptions options) {
        return new JdbcSink<>(db, new FeatureWriter(), options);
    }

    public static JdbcSink<MaintenanceLog> maintenanceLogs(ConnectionFactory db, SinkOptions options) {
        return new JdbcSink<>(db, new MaintenanceLogWriter(), options);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new JdbcSinkWriter<>(db, writer, options, context.getProcessingTimeService());
    }
}
