package io.pdm.inference.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What the REST API reads from the {@link InferenceStore}: a plant's alerts and an asset's health trend. */
public final class AlertQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InferenceStore store;

    public AlertQueries(InferenceStore store) {
        this.store = store;
    }

    /** A plant's alerts, newest first, optionally only one asset's, only at least {@code minSeverity}, only since. */
    public List<AlertView> alerts(String plant, String asset, int minSeverity, Instant since, int limit) {
        String sql = "SELECT * FROM alerts WHERE plant = ? AND (? IS NULL OR asset = ?) AND severity >= ?"
                + " AND occurred_at >= ? ORDER BY occurred_at DESC, alert_id LIMIT ?";
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, plant);
            s.setString(2, asset);
            s.setString(3, asset);
            s.setInt(4, minSeverity);
            s.setTimestamp(5, Timestamp.from(since == null ? Instant.EPOCH : since));
            s.setInt(6, limit);
            List<AlertView> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(alert(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read alerts: " + e.getMessage(), e);
        }
    }

    public Optional<AlertView> alert(String plant, String alertId) {
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement("SELECT * FROM alerts WHERE plant = ? AND alert_id = ?")) {
            s.setString(1, plant);
            s.setString(2, alertId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read alert: " + e.getMessage(), e);
        }
    }

    /** The asset's newest {@code points} predictions; empty when it was never scored. */
    public Optional<HealthView> health(String plant, String asset, int points) {
        String sql = "SELECT * FROM predictions WHERE plant = ? AND asset = ? ORDER BY window_end DESC LIMIT ?";
        try (Connection c = store.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, plant);
            s.setString(2, asset);
            s.setInt(3, points);
            List<HealthView.Point> trend = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) trend.add(point(rs));
            }
            if (trend.isEmpty()) return Optional.empty();
            return Optional.of(new HealthView(plant, asset, trend.get(0), trend, slopePerHour(trend)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read predictions: " + e.getMessage(), e);
        }
    }

    /** The plant's totals for a progress line or a summary. */
    public InferenceTotals totals(String plant) {
        try (Connection c = store.connect();
                PreparedStatement p = c.prepareStatement(
                        "SELECT count(*), count(rul), max(adapter_version)" + " FROM predictions WHERE plant = ?");
                PreparedStatement a = c.prepareStatement("SELECT writer, count(*), count(*) FILTER (WHERE grounded)"
                        + " FROM alerts WHERE plant = ? GROUP BY writer")) {
            p.setString(1, plant);
            a.setString(1, plant);
            long predictions, withLife;
            Long version;
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                predictions = rs.getLong(1);
                withLife = rs.getLong(2);
                version = nullableLong(rs, "max");
            }
            long alerts = 0, grounded = 0;
            java.util.Map<String, Long> byWriter = new java.util.TreeMap<>();
            try (ResultSet rs = a.executeQuery()) {
                while (rs.next()) {
                    byWriter.put(rs.getString(1), rs.getLong(2));
                    alerts += rs.getLong(2);
                    grounded += rs.getLong(3);
                }
            }
            return new InferenceTotals(predictions, withLife, alerts, grounded, byWriter, version);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count predictions and alerts: " + e.getMessage(), e);
        }
    }

    /** Least-squares slope of remaining life against event time, per hour. */
    static Double slopePerHour(List<HealthView.Point> points) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (HealthView.Point p : points) {
            if (p.remainingLife() == null) continue;
            double x = p.windowEnd().toEpochMilli() / 3_600_000.0;
            double y = p.remainingLife().predicted();
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denominator = n * sxx - sx * sx;
        return n < 2 || denominator == 0 ? null : (n * sxy - sx * sy) / denominator;
    }

    private static AlertView alert(ResultSet rs) throws SQLException {
        return new AlertView(
                rs.getString("alert_id"),
                rs.getString("fingerprint"),
                rs.getString("plant"),
                rs.getString("asset"),
                rs.getString("asset_type"),
                rs.getString("kind"),
                rs.getString("failure_mode"),
                rs.getString("state"),
                rs.getInt("severity"),
                InferenceStore.instant(rs.getTimestamp("occurred_at")),
                life(rs, false),
                rs.getString("health_stage"),
                rs.getString("base_model"),
                nullableLong(rs, "adapter_version"),
                rs.getString("title"),
                rs.getString("text"),
                rs.getString("writer"),
                rs.getBoolean("grounded"),
                rs.getInt("writer_attempts"),
                strings(rs.getArray("grounding_violations")),
                strings(rs.getArray("cited_logs")),
                json(rs.getString("fact_sheet")));
    }

    private static HealthView.Point point(ResultSet rs) throws SQLException {
        return new HealthView.Point(
                InferenceStore.instant(rs.getTimestamp("window_end")),
                InferenceStore.instant(rs.getTimestamp("scored_at")),
                rs.getString("asset_type"),
                rs.getString("base_model"),
                nullableLong(rs, "adapter_version"),
                life(rs, true),
                rs.getString("health_stage"),
                json(rs.getString("stage_probabilities")),
                json(rs.getString("drivers")),
                json(rs.getString("conditions")),
                strings(rs.getArray("quality")));
    }

    private static AlertView.LifeView life(ResultSet rs, boolean withCoverage) throws SQLException {
        double rul = rs.getDouble("rul");
        if (rs.wasNull()) return null;
        return new AlertView.LifeView(
                rul,
                nullableDouble(rs, "rul_lower"),
                nullableDouble(rs, "rul_upper"),
                withCoverage ? nullableDouble(rs, "rul_coverage") : null,
                rs.getString("rul_unit"));
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse: " + e.getMessage(), e);
        }
    }
}
