package io.pdm.alerting.inbox.charts;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.alerting.AlertState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an alert's chart data from its plant's store (the same PostgreSQL the feature pipeline and the inference
 * service write: {@code features} per asset window, {@code predictions} per asset and window end): the features its
 * evidence names and the remaining-life estimate with its interval, from {@link #LOOKBACK} before the alert opened
 * until now. A connection per request: the inbox is read by people, a few requests a minute.
 */
public final class ChartStore {
    private static final Logger LOG = LoggerFactory.getLogger(ChartStore.class);
    public static final Duration LOOKBACK = Duration.ofDays(7);
    static final int MAX_POINTS = 2000, MAX_FEATURES = 4;

    private final Map<String, String> jdbcByPlant;

    public ChartStore(Map<String, String> jdbcByPlant) {
        this.jdbcByPlant = Map.copyOf(jdbcByPlant);
    }

    public Charts charts(AlertState alert) {
        String url = jdbcByPlant.get(alert.plant());
        if (url == null) return Charts.unavailable("charts unavailable: no database configured for " + alert.plant());
        Instant from = opened(alert).minus(LOOKBACK);
        Properties p = new Properties();
        p.put("connectTimeout", "5");
        p.put("socketTimeout", "15");
        p.put("readOnly", "true");
        try (Connection c = DriverManager.getConnection(url, p)) {
            Map<String, List<List<Double>>> features = features(c, alert, from, channels(alert.facts()));
            List<List<Double>> life = new ArrayList<>();
            String unit = remainingLife(c, alert, from, life);
            return new Charts(true, null, features, life, unit);
        } catch (SQLException e) {
            LOG.warn("charts of {} unavailable: {}", alert.fingerprint(), e.toString());
            return Charts.unavailable("charts unavailable: the database of " + alert.plant() + " could not be read ("
                    + e.getSQLState() + ")");
        }
    }

    /** The features the evidence names (e.g. {@code vibration.rms}); none named: the first few the store has. */
    static List<String> channels(AlertFacts facts) {
        Set<String> out = new LinkedHashSet<>();
        if (facts != null && facts.evidence() != null) {
            for (AlertFacts.Measurement m : facts.evidence().measurements()) {
                if (m.channel() != null) out.add(m.channel());
            }
        }
        return new ArrayList<>(out).subList(0, Math.min(out.size(), MAX_FEATURES));
    }

    /**
     * The inference service keeps its predictions in its own schema of the plant's database ({@code
     * InferenceStore.SCHEMA}, {@code inference}); the inbox may not import it, so the name is repeated here and the
     * browser test builds the table where the service's migration does. The features are the pipeline's, in the
     * default schema.
     */
    static final String PREDICTIONS = "inference.predictions";

    static Map<String, List<List<Double>>> features(Connection c, AlertState a, Instant from, List<String> channels)
            throws SQLException {
        String sql = "SELECT window_end, features FROM features WHERE plant = ? AND asset = ? AND window_end >= ?"
                + " ORDER BY window_end DESC LIMIT " + MAX_POINTS;
        Map<String, List<List<Double>>> out = new LinkedHashMap<>();
        List<String> wanted = new ArrayList<>(channels);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, a.plant());
            s.setString(2, a.asset());
            s.setTimestamp(3, Timestamp.from(from));
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) rows.add(new Object[] {r.getTimestamp(1).toInstant(), r.getString(2)});
            }
            java.util.Collections.reverse(rows);
            for (Object[] row : rows) {
                JsonNode f = parse((String) row[1]);
                if (wanted.isEmpty()) {
                    f.fieldNames().forEachRemaining(n -> {
                        if (wanted.size() < MAX_FEATURES && f.get(n).isNumber()) wanted.add(n);
                    });
                }
                double t = ((Instant) row[0]).getEpochSecond();
                for (String name : wanted) {
                    JsonNode v = f.get(name);
                    if (v == null || !v.isNumber()) continue;
                    List<List<Double>> series =
                            out.computeIfAbsent(name, k -> List.of(new ArrayList<>(), new ArrayList<>()));
                    series.get(0).add(t);
                    series.get(1).add(v.asDouble());
                }
            }
        }
        return out;
    }

    static String remainingLife(Connection c, AlertState a, Instant from, List<List<Double>> out) throws SQLException {
        String sql = "SELECT window_end, rul, rul_lower, rul_upper, rul_unit FROM " + PREDICTIONS
                + " WHERE plant = ? AND asset = ? AND window_end >= ? AND rul IS NOT NULL ORDER BY window_end DESC"
                + " LIMIT " + MAX_POINTS;
        List<Double> t = new ArrayList<>(), rul = new ArrayList<>(), lo = new ArrayList<>(), hi = new ArrayList<>();
        String unit = null;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, a.plant());
            s.setString(2, a.asset());
            s.setTimestamp(3, Timestamp.from(from));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    t.add(0, (double) r.getTimestamp(1).toInstant().getEpochSecond());
                    rul.add(0, r.getDouble(2));
                    lo.add(0, nullable(r, 3));
                    hi.add(0, nullable(r, 4));
                    if (unit == null) unit = r.getString(5);
                }
            }
        }
        if (!t.isEmpty()) out.addAll(List.of(t, rul, lo, hi));
        return unit;
    }

    private static Double nullable(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }

    private static JsonNode parse(String json) {
        try {
            return AlertJson.mapper().readTree(json);
        } catch (IOException e) {
            return AlertJson.mapper().createObjectNode();
        }
    }

    private static Instant opened(AlertState a) {
        if (a.raisedAt() != null) return a.raisedAt();
        return a.receivedAt() != null ? a.receivedAt() : Instant.now();
    }
}
