package io.pdm.inference.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.PostgresHandle;
import io.pdm.embedded.TestPostgres;
import io.pdm.inference.facts.MaintenanceRecord;
import io.pdm.inference.service.StoredMaintenanceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Embeddings beside the logs on the real embedded PostgreSQL server. */
class LogEmbeddingStoreIT {
    /** The store's maintenance_log table as feature-pipeline's migration V1 creates it. */
    private static final String MAINTENANCE_LOG = """
            CREATE TABLE maintenance_log (
                id text PRIMARY KEY, plant text NOT NULL, asset text NOT NULL, ts timestamptz NOT NULL,
                action text NOT NULL, component text, technician text, text text, source text,
                received_at timestamptz NOT NULL)""";

    private static PGSimpleDataSource database() {
        PostgresHandle pg = TestPostgres.get();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(TestPostgres.newDatabase("inference_emb"));
        if (pg.username() != null) {
            ds.setUser(pg.username());
        }
        if (pg.password() != null) {
            ds.setPassword(pg.password());
        }
        return ds;
    }

    private static void log(
            Connection c, String id, String plant, String asset, String action, String component, String text)
            throws Exception {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO maintenance_log (id, plant, asset, ts, action, component, text, received_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, now())")) {
            st.setString(1, id);
            st.setString(2, plant);
            st.setString(3, asset);
            st.setTimestamp(4, Timestamp.from(Instant.parse("2025-11-04T08:00:00Z")));
            st.setString(5, action);
            st.setString(6, component);
            st.setString(7, text);
            st.executeUpdate();
        }
    }

    @Test
    void logsAreEmbeddedOnceStoredBesideTheLogsAndSearchedPerPlant() throws Exception {
        PGSimpleDataSource db = database();
        try (Connection c = db.getConnection();
                Statement st = c.createStatement()) {
            st.execute(MAINTENANCE_LOG);
            log(c, "wo-1", "plant-a", "pump-03", "replace", "bearing", "bearing noisy, replaced non-drive bearing");
            log(c, "wo-2", "plant-a", "pump-04", "repair", "seal", "mechanical seal leaking at the shaft");
            log(c, "wo-3", "plant-a", "fan-1", "clean", null, "air filters plugged");
            log(c, "wo-4", "plant-b", "pump-9", "replace", "bearing", "bearing collapsed, pump seized");
            log(c, "wo-5", "plant-a", "pump-05", "note", null, "   ");
        }
        LogEmbeddingStore store = new LogEmbeddingStore(db);
        // A database that already holds the store's tables: the inference schema still migrates, once.
        assertThat(store.migrate().migrationsExecuted).isEqualTo(2);
        assertThat(store.migrate().migrationsExecuted).isZero();

        LogEmbedder embedder = new LogEmbedder();
        List<LogEntry> plantA = MaintenanceLogReader.plant(db, "plant-a");
        List<LogEntry> plantB = MaintenanceLogReader.plant(db, "plant-b");
        assertThat(plantA).extracting(LogEntry::id).containsExactly("wo-1", "wo-2", "wo-3");
        assertThat(store.embedMissing(plantA, embedder)).isEqualTo(3);
        assertThat(store.embedMissing(plantB, embedder)).isEqualTo(1);
        assertThat(store.embedMissing(plantA, embedder)).as("already embedded").isZero();

        try (Connection c = db.getConnection();
                Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE maintenance_log SET text = 'bearing replaced again' WHERE id = 'wo-1'");
        }
        assertThat(store.embedMissing(MaintenanceLogReader.plant(db, "plant-a"), embedder))
                .as("changed text")
                .isEqualTo(1);

        assertThat(store.vectors("plant-a", LogEmbedder.MODEL_ID))
                .containsOnlyKeys("wo-1", "wo-2", "wo-3")
                .allSatisfy((id, v) -> assertThat(v).hasSize(384));
        float[] stored = store.vectors("plant-a", LogEmbedder.MODEL_ID).get("wo-2");
        assertThat(stored).containsExactly(embedder.embed(plantA.get(1).embeddingText()));

        List<LogEntry> logsA = MaintenanceLogReader.plant(db, "plant-a");
        SimilarLogs index = new SimilarLogs(embedder, store.load(logsA, "plant-a", LogEmbedder.MODEL_ID));
        List<MaintenanceRecord> nearest = index.nearest("plant-a", "centrifugal pump bearing vibration high", 2);
        assertThat(nearest).extracting(MaintenanceRecord::id).first().isEqualTo("wo-1");
        assertThat(nearest).extracting(MaintenanceRecord::id).doesNotContain("wo-4");
        assertThat(nearest.get(0).component()).isEqualTo("bearing");
    }

    @Test
    void aPlantsContextCitesItsOwnLogsAndEachAssetsLastOne() throws Exception {
        String url = TestPostgres.newDatabase("inference_ctx");
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setURL(url);
        try (Connection c = db.getConnection();
                Statement st = c.createStatement()) {
            st.execute(MAINTENANCE_LOG);
            log(c, "wo-1", "plant-a", "pump-03", "replace", "bearing", "bearing noisy, replaced non-drive bearing");
            log(c, "wo-2", "plant-a", "pump-04", "repair", "seal", "mechanical seal leaking at the shaft");
            log(c, "wo-4", "plant-b", "pump-9", "replace", "bearing", "bearing collapsed, pump seized");
        }
        StoredMaintenanceContext context = new StoredMaintenanceContext(
                "plant-a", url, new LogEmbedder(), java.time.Duration.ZERO, java.time.Clock.systemUTC());
        assertThat(context.similar("plant-a", "pump bearing vibration rising", 2))
                .extracting(MaintenanceRecord::id)
                .startsWith("wo-1")
                .doesNotContain("wo-4");
        assertThat(context.last("plant-a", "pump-04"))
                .map(MaintenanceRecord::id)
                .contains("wo-2");
        assertThat(context.last("plant-a", "pump-99")).isEmpty();
        try (Connection c = db.getConnection()) {
            log(c, "wo-6", "plant-a", "pump-04", "replace", "seal", "seal replaced, leak gone");
        }
        assertThat(context.last("plant-a", "pump-04"))
                .as("a new log is seen at the next refresh")
                .map(MaintenanceRecord::id)
                .contains("wo-6");
    }
}
