package io.pdm.features.store;

import io.pdm.features.records.Features;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read side of the store. Every query bounds the partition key with a plain range
 * ({@code ts >= ? AND ts < ?}) on the bare column, never a function of it, so PostgreSQL prunes
 * partitions (TimescaleDB: chunks) at plan time, or at executor start-up for generic plans.
 */
public final class PdmQueries {
    static final String READINGS_SQL =
            "SELECT plant, asset, sensor, ts, value FROM readings " + "WHERE asset = ? AND ts >= ? AND ts < ?";
    static final String LATEST_FEATURES_SQL = "SELECT l.plant, l.asset, l.window_start, l.window_end, l.reading_count, "
            + "j.keys, j.vals, l.seconds_since_maintenance, l.last_maintenance_action FROM ("
            + " SELECT DISTINCT ON (asset) * FROM features WHERE window_start >= ? AND (? IS NULL OR plant = ?)"
            + " ORDER BY asset, window_end DESC, window_start DESC) l "
            + "CROSS JOIN LATERAL (SELECT array_agg(e.key ORDER BY e.key) AS keys, "
            + " array_agg(e.value::float8 ORDER BY e.key) AS vals FROM jsonb_each_text(l.features) e) j "
            + "ORDER BY l.asset";

    /**
     * Every table's row count in one statement, so the four counts are one snapshot. A plain count scans every
     * partition (that is the point); it is meant for progress lines and summaries, not for hot paths.
     */
    static final String STORED_COUNTS_SQL = "SELECT (SELECT count(*) FROM readings), (SELECT count(*) FROM waveforms),"
            + " (SELECT count(*) FROM features), (SELECT count(*) FROM maintenance_log)";

    /** One stored scalar reading. */
    public record ReadingRow(String plant, String asset, String sensor, Instant ts, double value) {}

    /** How many rows the store holds: scalar readings, waveform blocks, feature windows and maintenance log entries. */
    public record StoredCounts(long readings, long waveforms, long features, long maintenanceLogs) {
        public static final StoredCounts ZERO = new StoredCounts(0, 0, 0, 0);

        /** Both stores together, e.g. to sum the plants' databases. */
        public StoredCounts plus(StoredCounts other) {
            return new StoredCounts(
                    readings + other.readings,
                    waveforms + other.waveforms,
                    features + other.features,
                    maintenanceLogs + other.maintenanceLogs);
        }
    }

    private final Connection connection;

    public PdmQueries(Connection connection) {
        this.connection = connection;
    }

    /** Readings of {@code asset} in [from, to), of one {@code sensor} or all when null, by time then sensor. */
    public List<ReadingRow> readings(String asset, String sensor, Instant from, Instant to) throws SQLException {
        String sql = READINGS_SQL + (sensor == null ? "" : " AND sensor = ?") + " ORDER BY ts, sensor";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindReadings(ps, asset, sensor, from, to);
            List<ReadingRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReadingRow(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getTimestamp(4).toInstant(),
                            rs.getDouble(5)));
                }
            }
            return out;
        }
    }

    /** The row count of each of the store's tables, taken in one statement. */
    public StoredCounts storedCounts() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(STORED_COUNTS_SQL);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new StoredCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }

    /** The EXPLAIN text of {@link #readings}, for checking which partitions a range touches. */
    public String explainReadings(String asset, String sensor, Instant from, Instant to) throws SQLException {
        String sql = "EXPLAIN " + READINGS_SQL + (sensor == null ? "" : " AND sensor = ?");
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindReadings(ps, asset, sensor, from, to);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) plan.append(rs.getString(1)).append('\n');
            }
            return plan.toString();
        }
    }

    /**
     * The most recent feature window of every asset whose windows started at or after
     * {@code since} (the bound keeps old partitions out of the scan), optionally of one plant.
     */
    public List<Features> latestFeatures(String plant, Instant since) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(LATEST_FEATURES_SQL)) {
            ps.setObject(1, since.atOffset(ZoneOffset.UTC));
            ps.setString(2, plant);
            ps.setString(3, plant);
            List<Features> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Double> values = new LinkedHashMap<>();
                    Array keys = rs.getArray(6);
                    Array vals = rs.getArray(7);
                    if (keys != null) {
                        String[] k = (String[]) keys.getArray();
                        Double[] v = (Double[]) vals.getArray();
                        for (int i = 0; i < k.length; i++) values.put(k[i], v[i]);
                    }
                    double since0 = rs.getDouble(8);
                    Double secondsSince = rs.wasNull() ? null : since0;
                    out.add(new Features(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getTimestamp(3).getTime(),
                            rs.getTimestamp(4).getTime(),
                            rs.getInt(5),
                            values,
                            secondsSince,
                            rs.getString(9)));
                }
            }
            return out;
        }
    }

    private static void bindReadings(PreparedStatement ps, String asset, String sensor, Instant from, Instant to)
            throws SQLException {
        ps.setString(1, asset);
        ps.setObject(2, from.atOffset(ZoneOffset.UTC));
        ps.setObject(3, to.atOffset(ZoneOffset.UTC));
        if (sensor != null) ps.setString(4, sensor);
    }
}
