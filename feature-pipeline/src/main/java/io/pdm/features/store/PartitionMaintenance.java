package io.pdm.features.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Time-based maintenance of the partitioned layout, delegating to the SQL functions of
 * migration V2 so that a cron'd {@code psql} can do the same. On the TimescaleDB layout every
 * method is a no-op returning 0: chunks, compression and retention are the extension's jobs.
 * Each call runs in the connection's current transaction mode (auto-commit is fine).
 */
public final class PartitionMaintenance {
    private PartitionMaintenance() {}

    /** Creates the daily (UTC) partitions of all time-series tables covering [from, to); returns how many. */
    public static int ensurePartitions(Connection c, Instant from, Instant to) throws SQLException {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate end = LocalDate.ofInstant(to, ZoneOffset.UTC);
        if (!to.equals(end.atStartOfDay(ZoneOffset.UTC).toInstant())) end = end.plusDays(1);
        return ensurePartitions(c, first, end);
    }

    /** Creates the daily partitions for days [from, to) (exclusive end); returns how many. */
    public static int ensurePartitions(Connection c, LocalDate from, LocalDate to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pdm_ensure_all_partitions(?, ?)")) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            return single(ps);
        }
    }

    /** Yesterday through {@code daysAhead} days after today (UTC), as the migration does. */
    public static int ensureAhead(Connection c, int daysAhead) throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return ensurePartitions(c, today.minusDays(1), today.plusDays(daysAhead + 1L));
    }

    /**
     * Drops partitions past the retention configured at migration time (placeholders
     * {@code pdm_*retention_days}) relative to {@code now}; returns how many.
     */
    public static int dropExpired(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pdm_apply_retention(?)")) {
            ps.setObject(1, now.atOffset(ZoneOffset.UTC));
            return single(ps);
        }
    }

    /** Drops the partitions of one table ending at or before {@code cutoff}; returns how many. */
    public static int dropPartitionsBefore(Connection c, String table, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pdm_drop_partitions_before(?, ?)")) {
            ps.setString(1, table);
            ps.setObject(2, cutoff.atOffset(ZoneOffset.UTC));
            return single(ps);
        }
    }

    private static int single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
