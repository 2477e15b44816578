package io.pdm.inference.retrieval;

import io.pdm.inference.store.InferenceStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Embeddings of the maintenance logs in PostgreSQL, beside the logs ({@code maintenance_log_embedding},
 * keyed by the log's id; migrations in {@code classpath:db/inference}). Logs are embedded once: only logs
 * that are new, whose text changed, or that another model embedded are embedded again.
 */
public final class LogEmbeddingStore {
    private final DataSource db;

    public LogEmbeddingStore(DataSource db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** Applies the inference migrations (schema {@code inference}, as {@link InferenceStore#migrate}); idempotent. */
    public MigrateResult migrate() {
        return InferenceStore.migrations(Flyway.configure().dataSource(db)).migrate();
    }

    /** Embeds and stores the logs that need it; returns how many were embedded. */
    public int embedMissing(List<LogEntry> logs, LogEmbedder embedder) throws SQLException {
        if (logs.isEmpty()) {
            return 0;
        }
        Map<String, String> stored = new HashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "SELECT log_id, text_sha256 FROM inference.maintenance_log_embedding WHERE model = ? AND log_id = ANY (?)")) {
            st.setString(1, embedder.modelId());
            st.setArray(
                    2, c.createArrayOf("text", logs.stream().map(LogEntry::id).toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        List<LogEntry> todo = logs.stream()
                .filter(l -> !l.textSha256().equals(stored.get(l.id())))
                .toList();
        if (todo.isEmpty()) {
            return 0;
        }
        List<float[]> vectors =
                embedder.embedAll(todo.stream().map(LogEntry::embeddingText).toList());
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement("""
                        INSERT INTO inference.maintenance_log_embedding (log_id, plant, model, text_sha256, dims, embedding)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (log_id) DO UPDATE SET plant = EXCLUDED.plant, model = EXCLUDED.model,
                            text_sha256 = EXCLUDED.text_sha256, dims = EXCLUDED.dims, embedding = EXCLUDED.embedding,
                            embedded_at = now()
                        """)) {
            c.setAutoCommit(false);
            for (int i = 0; i < todo.size(); i++) {
                LogEntry log = todo.get(i);
                float[] v = vectors.get(i);
                Float[] boxed = new Float[v.length];
                for (int j = 0; j < v.length; j++) {
                    boxed[j] = v[j];
                }
                st.setString(1, log.id());
                st.setString(2, log.plant());
                st.setString(3, embedder.modelId());
                st.setString(4, log.textSha256());
                st.setInt(5, v.length);
                st.setArray(6, c.createArrayOf("float4", boxed));
                st.addBatch();
            }
            st.executeBatch();
            c.commit();
        }
        return todo.size();
    }

    /** The stored vectors of a plant's logs (by log id) for one model. */
    public Map<String, float[]> vectors(String plant, String model) throws SQLException {
        Map<String, float[]> out = new HashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement st = c.prepareStatement(
                        "SELECT log_id, embedding FROM inference.maintenance_log_embedding WHERE plant = ? AND model = ?")) {
            st.setString(1, plant);
            st.setString(2, model);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Array array = rs.getArray(2);
                    Object[] values = (Object[]) array.getArray();
                    float[] v = new float[values.length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = ((Number) values[i]).floatValue();
                    }
                    out.put(rs.getString(1), v);
                }
            }
        }
        return out;
    }

    /**
     * The plant's logs with their stored vectors, ready for {@link SimilarLogs}; logs without a stored
     * vector (not embedded yet) are left out.
     */
    public List<SimilarLogs.Embedded> load(List<LogEntry> plantLogs, String plant, String model) throws SQLException {
        Map<String, float[]> vectors = vectors(plant, model);
        List<SimilarLogs.Embedded> out = new ArrayList<>();
        for (LogEntry log : plantLogs) {
            float[] v = vectors.get(log.id());
            if (v != null && log.plant().equals(plant)) {
                out.add(new SimilarLogs.Embedded(log, v));
            }
        }
        return out;
    }
}
