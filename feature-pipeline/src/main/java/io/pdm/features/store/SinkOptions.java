package io.pdm.features.store;

import java.io.Serializable;
import java.time.Duration;

/**
 * Tuning of {@link JdbcSink}.
 *
 * @param batchSize           buffered elements that trigger a write
 * @param flushInterval       the longest an element waits in the buffer (processing time)
 * @param maxRetries          attempts after the first one on a transient SQL error
 * @param initialBackoff      first wait before a retry; doubles per attempt
 * @param maxBackoff          cap of the wait
 * @param partitionDaysAhead  partitioned layout: the writer creates daily partitions this far
 *                            ahead at start and once per UTC day; negative disables it
 * @param applyRetention      at start and once per UTC day, drop partitions past the retention
 *                            configured at migration time ({@code pdm_apply_retention()}); give it
 *                            to one sink of a job (the readings sink), not to all of them
 */
public record SinkOptions(
        int batchSize,
        Duration flushInterval,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        int partitionDaysAhead,
        boolean applyRetention)
        implements Serializable {

    public SinkOptions {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize < 1");
        if (flushInterval.isNegative() || flushInterval.isZero())
            throw new IllegalArgumentException("flushInterval <= 0");
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries < 0");
    }

    public static SinkOptions defaults() {
        return new SinkOptions(
                10_000, Duration.ofSeconds(1), 5, Duration.ofMillis(200), Duration.ofSeconds(10), 3, false);
    }

    public SinkOptions withBatchSize(int n) {
        return new SinkOptions(
                n, flushInterval, maxRetries, initialBackoff, maxBackoff, partitionDaysAhead, applyRetention);
    }

    public SinkOptions withFlushInterval(Duration d) {
        return new SinkOptions(
                batchSize, d, maxRetries, initialBackoff, maxBackoff, partitionDaysAhead, applyRetention);
    }

    public SinkOptions withRetries(int retries, Duration initial, Duration max) {
        return new SinkOptions(batchSize, flushInterval, retries, initial, max, partitionDaysAhead, applyRetention);
    }

    public SinkOptions withPartitionDaysAhead(int days) {
        return new SinkOptions(batchSize, flushInterval, maxRetries, initialBackoff, maxBackoff, days, applyRetention);
    }

    public SinkOptions withRetention(boolean apply) {
        return new SinkOptions(
                batchSize, flushInterval, maxRetries, initialBackoff, maxBackoff, partitionDaysAhead, apply);
    }
}
