package io.pdm.features.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers elements and writes them as one transaction per batch: when the buffer reaches
 * {@code batchSize}, when the oldest buffered element has waited {@code flushInterval}, and on
 * {@link #flush(boolean)}, which Flink calls before it snapshots at a checkpoint barrier — so a
 * completed checkpoint implies everything before it is committed. Transient SQL errors (lost
 * connection, serialization failure, deadlock, server restarting) are retried with exponential
 * backoff on a fresh connection; the batch is simply written again, which the idempotent
 * {@link RowWriter} makes safe even if the failed attempt had in fact committed. Any other error,
 * or running out of retries, throws, failing the task so Flink restarts from the last checkpoint.
 *
 * <p>All methods, including the timer callback, run on the task's mailbox thread: no locking.
 */
public final class JdbcSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSinkWriter.class);

    private final ConnectionFactory db;
    private final RowWriter<T> writer;
    private final SinkOptions options;
    private final ProcessingTimeService timers;
    private final List<T> buffer;

    private Connection connection;
    private LocalDate partitionsEnsuredOn;
    private LocalDate retentionAppliedOn;
    private boolean timerArmed;
    private long rowsWritten;
    private long batchesWritten;
    private long retries;

    /** {@code timers} may be null (no time-based flush), e.g. outside Flink in benchmarks. */
    public JdbcSinkWriter(
            ConnectionFactory db, RowWriter<T> writer, SinkOptions options, ProcessingTimeService timers) {
        this.db = db;
        this.writer = writer;
        this.options = options;
        this.timers = timers;
        this.buffer = new ArrayList<>(Math.min(options.batchSize(), 65_536));
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        buffer.add(element);
        if (buffer.size() >= options.batchSize()) {
            writeBuffer();
        } else if (timers != null && !timerArmed) {
            timerArmed = true;
            long due =
                    timers.getCurrentProcessingTime() + options.flushInterval().toMillis();
            timers.registerTimer(due, time -> {
                timerArmed = false;
                writeBuffer();
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writeBuffer();
    }

    /** Rows the writers reported as new or changed (replayed duplicates excluded). */
    public long rowsWritten() {
        return rowsWritten;
    }

    public long batchesWritten() {
        return batchesWritten;
    }

    /** Retries taken after transient errors. */
    public long retries() {
        return retries;
    }

    /** Elements buffered and not yet written. */
    public int buffered() {
        return buffer.size();
    }

    private void writeBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) return;
        long backoff = options.initialBackoff().toMillis();
        for (int attempt = 0; ; attempt++) {
            try {
                Connection c = connection();
                try {
                    long n = writer.write(c, buffer);
                    c.commit();
                    rowsWritten += n;
                    batchesWritten++;
                    buffer.clear();
                    return;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
            } catch (SQLException e) {
                if (!isTransient(e) || attempt >= options.maxRetries()) {
                    closeConnection();
                    throw new IOException(
                            "writing " + buffer.size() + " elements failed"
                                    + (attempt > 0 ? " after " + attempt + " retries" : "") + ": " + e.getMessage(),
                            e);
                }
                retries++;
                LOG.warn(
                        "transient SQL error (state {}), retry {}/{} in {} ms: {}",
                        e.getSQLState(),
                        attempt + 1,
                        options.maxRetries(),
                        backoff,
                        e.getMessage());
                closeConnection(); // the connection may be broken; a retry starts clean
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, options.maxBackoff().toMillis());
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = db.open();
            try {
                c.setAutoCommit(false);
                writer.prepare(c);
                c.commit();
            } catch (SQLException e) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    /* already failing */
                }
                throw e;
            }
            connection = c;
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (options.partitionDaysAhead() >= 0 && !today.equals(partitionsEnsuredOn)) {
            // Partitions are an optimization (DEFAULT catches everything), so keep this off the
            // batch's transaction: commit it separately, its locks released at once.
            PartitionMaintenance.ensureAhead(connection, options.partitionDaysAhead());
            connection.commit();
            partitionsEnsuredOn = today;
        }
        if (options.applyRetention() && !today.equals(retentionAppliedOn)) {
            // Plain PostgreSQL has no background jobs: the store keeps its retention itself.
            int dropped = PartitionMaintenance.dropExpired(connection, Instant.now());
            connection.commit();
            if (dropped > 0) LOG.info("retention dropped {} expired partition(s)", dropped);
            retentionAppliedOn = today;
        }
        return connection;
    }

    /** SQLSTATE classes that a retry can outlive. */
    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) return true;
        String s = e.getSQLState();
        if (s == null) return false;
        return s.startsWith("08") // connection exception
                || s.equals("40001") // serialization failure
                || s.equals("40P01") // deadlock detected
                || s.equals("55P03") // lock not available
                || s.equals("57014") // statement timeout / cancel
                || s.startsWith("53") // insufficient resources (e.g. too many connections)
                || s.equals("57P01")
                || s.equals("57P02")
                || s.equals("57P03"); // server shutting down / starting
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is closed or broken; closeConnection() follows
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing to save
            }
            connection = null;
        }
    }

    /** Does not write: Flink calls flush(true) at end of input; close after a failure must not. */
    @Override
    public void close() {
        if (!buffer.isEmpty())
            LOG.debug("closing with {} unwritten elements (replayed from checkpoint)", buffer.size());
        closeConnection();
        writer.close();
    }
}
