package io.pdm.inference.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.PredictionRecord;
import io.pdm.schemas.avro.RemainingLife;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * The inference service's tables in the plant's PostgreSQL (schema {@value #SCHEMA}, Flyway migrations in
 * {@code db/inference}): predictions for trends and alerts as published. Writes are idempotent (predictions by asset
 * and window end, alerts by alert id), so a replay after a crash never duplicates a row. Reads: {@link AlertQueries}.
 */
public final class InferenceStore {
    public static final String SCHEMA = "inference";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String jdbcUrl;
    private final Properties credentials;

    public InferenceStore(String jdbcUrl, String user, String password) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.credentials = new Properties();
        if (user != null) credentials.setProperty("user", user);
        if (password != null) credentials.setProperty("password", password);
    }

    public static InferenceStore of(String jdbcUrl) {
        return new InferenceStore(jdbcUrl, null, null);
    }

    /** Creates or upgrades schema {@value #SCHEMA}; safe on every start. */
    public InferenceStore migrate() {
        migrations(Flyway.configure()
                        .dataSource(jdbcUrl, credentials.getProperty("user"), credentials.getProperty("password")))
                .migrate();
        return this;
    }

    /**
     * The inference migrations ({@code db/inference}) in their own schema with its own history, beside the feature
     * store's tables in the plant's database: the one configuration every caller uses.
     */
    public static Flyway migrations(org.flywaydb.core.api.configuration.FluentConfiguration config) {
        return config.schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations("classpath:db/inference")
                .load();
    }

    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(jdbcUrl, credentials);
        c.setSchema(SCHEMA);
        return c;
    }

    private static final String UPSERT_PREDICTION = """
            INSERT INTO predictions (plant, asset, window_end, scored_at, asset_type, base_model, adapter_version,
                rul, rul_lower, rul_upper, rul_coverage, rul_unit, health_stage, stage_probabilities, drivers,
                conditions, quality)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?)
            ON CONFLICT (plant, asset, window_end) DO UPDATE SET scored_at = EXCLUDED.scored_at,
                asset_type = EXCLUDED.asset_type, base_model = EXCLUDED.base_model,
                adapter_version = EXCLUDED.adapter_version, rul = EXCLUDED.rul, rul_lower = EXCLUDED.rul_lower,
                rul_upper = EXCLUDED.rul_upper, rul_coverage = EXCLUDED.rul_coverage, rul_unit = EXCLUDED.rul_unit,
                health_stage = EXCLUDED.health_stage, stage_probabilities = EXCLUDED.stage_probabilities,
                drivers = EXCLUDED.drivers, conditions = EXCLUDED.conditions, quality = EXCLUDED.quality
            """;

    private static final String INSERT_ALERT = """
            INSERT INTO alerts (alert_id, fingerprint, plant, asset, asset_type, kind, failure_mode, state, severity,
                occurred_at, rul, rul_lower, rul_upper, rul_unit, health_stage, base_model, adapter_version, title, text,
                writer, grounded, writer_attempts, grounding_violations, cited_logs, fact_sheet)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (alert_id) DO NOTHING
            """;

    /** Stores one batch of predictions and alerts in one transaction. */
    public void save(List<PredictionRecord> predictions, List<AlertRecord> alerts) {
        if (predictions.isEmpty() && alerts.isEmpty()) return;
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(UPSERT_PREDICTION);
                    PreparedStatement a = c.prepareStatement(INSERT_ALERT)) {
                for (PredictionRecord r : predictions) {
                    bindPrediction(c, p, r);
                    p.addBatch();
                }
                for (AlertRecord r : alerts) {
                    bindAlert(c, a, r);
                    a.addBatch();
                }
                p.executeBatch();
                a.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store predictions and alerts: " + e.getMessage(), e);
        }
    }

    private static void bindPrediction(Connection c, PreparedStatement s, PredictionRecord r) throws SQLException {
        int i = 1;
        s.setString(i++, r.getPlant());
        s.setString(i++, r.getAsset());
        s.setTimestamp(i++, Timestamp.from(r.getWindowEnd()));
        s.setTimestamp(i++, Timestamp.from(r.getScoredAt()));
        s.setString(i++, r.getAssetType());
        s.setString(i++, r.getBaseModel());
        setLong(s, i++, r.getAdapterVersion());
        RemainingLife life = r.getRemainingLife();
        setDouble(s, i++, life == null ? null : life.getPredicted());
        setDouble(s, i++, life == null ? null : life.getLower());
        setDouble(s, i++, life == null ? null : life.getUpper());
        setDouble(s, i++, life == null ? null : life.getCoverage());
        s.setString(i++, life == null ? null : life.getUnit());
        s.setString(i++, r.getHealthStage());
        s.setString(i++, json(r.getStageProbabilities()));
        s.setString(
                i++,
                json(r.getDrivers().stream()
                        .map(d -> Map.of("channel", d.getChannel(), "effect", d.getEffect()))
                        .toList()));
        s.setString(
                i++,
                json(r.getConditions().stream()
                        .map(InferenceStore::conditionJson)
                        .toList()));
        s.setArray(i, textArray(c, r.getQuality()));
    }

    private static Map<String, Object> conditionJson(io.pdm.schemas.avro.ConditionReading f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", f.getChannel());
        m.put("kind", f.getKind());
        m.put("value", f.getValue());
        m.put("unit", f.getUnit());
        m.put("baseline", f.getBaseline());
        m.put("detail", f.getDetail());
        return m;
    }

    private static void bindAlert(Connection c, PreparedStatement s, AlertRecord r) throws SQLException {
        int i = 1;
        s.setString(i++, r.getAlertId());
        s.setString(i++, r.getFingerprint());
        s.setString(i++, r.getPlant());
        s.setString(i++, r.getAsset());
        s.setString(i++, r.getAssetType());
        s.setString(i++, r.getKind());
        s.setString(i++, r.getFailureMode());
        s.setString(i++, r.getState());
        s.setInt(i++, r.getSeverity());
        s.setTimestamp(i++, Timestamp.from(r.getOccurredAt()));
        RemainingLife life = r.getRemainingLife();
        setDouble(s, i++, life == null ? null : life.getPredicted());
        setDouble(s, i++, life == null ? null : life.getLower());
        setDouble(s, i++, life == null ? null : life.getUpper());
        s.setString(i++, life == null ? null : life.getUnit());
        s.setString(i++, r.getHealthStage());
        s.setString(i++, r.getBaseModel());
        setLong(s, i++, r.getAdapterVersion());
        s.setString(i++, r.getTitle());
        s.setString(i++, r.getText());
        s.setString(i++, r.getWriter());
        s.setBoolean(i++, r.getGrounded());
        s.setInt(i++, r.getWriterAttempts());
        s.setArray(i++, textArray(c, r.getGroundingViolations()));
        s.setArray(i++, textArray(c, r.getCitedLogs()));
        s.setString(i, r.getFactSheet());
    }

    static Array textArray(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(String[]::new));
    }

    private static void setDouble(PreparedStatement s, int i, Double v) throws SQLException {
        if (v == null || !Double.isFinite(v)) s.setNull(i, Types.DOUBLE);
        else s.setDouble(i, v);
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) s.setNull(i, Types.BIGINT);
        else s.setLong(i, v);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getMessage(), e);
        }
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public String toString() {
        return "InferenceStore[" + jdbcUrl.replaceAll("password=[^&]*", "password=***") + "]";
    }
}
