package io.pdm.inference.service;

import io.pdm.inference.facts.MaintenanceRecord;
import io.pdm.inference.retrieval.LogEmbedder;
import io.pdm.inference.retrieval.LogEmbeddingStore;
import io.pdm.inference.retrieval.LogEntry;
import io.pdm.inference.retrieval.MaintenanceLogReader;
import io.pdm.inference.retrieval.SimilarLogs;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plant's maintenance history from its store: the logs the feature pipeline wrote ({@code maintenance_log}), each
 * embedded once with the in-process sentence model and kept beside it. Refreshed at most every {@code refresh}, when
 * an alert asks; a store that cannot be read leaves the previous snapshot in use (an alert never waits on it).
 */
public final class StoredMaintenanceContext implements MaintenanceContext {
    private static final Logger LOG = LoggerFactory.getLogger(StoredMaintenanceContext.class);

    private record Snapshot(Instant at, SimilarLogs similar, Map<String, LogEntry> lastByAsset) {}

    private final String plant;
    private final DataSource db;
    private final LogEmbedder embedder;
    private final LogEmbeddingStore embeddings;
    private final Duration refresh;
    private final Clock clock;
    private Snapshot snapshot;

    public StoredMaintenanceContext(String plant, String jdbcUrl, LogEmbedder embedder, Duration refresh, Clock clock) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        this.plant = plant;
        this.db = ds;
        this.embedder = embedder;
        this.embeddings = new LogEmbeddingStore(ds);
        this.refresh = refresh;
        this.clock = clock;
        embeddings.migrate();
    }

    @Override
    public synchronized Optional<MaintenanceRecord> last(String plant, String asset) {
        return Optional.ofNullable(current(plant).lastByAsset().get(asset)).map(l -> l.toRecord(Double.NaN));
    }

    @Override
    public synchronized List<MaintenanceRecord> similar(String plant, String query, int k) {
        return current(plant).similar().nearest(plant, query, k);
    }

    private Snapshot current(String asked) {
        if (!plant.equals(asked)) {
            throw new IllegalArgumentException("this context holds plant " + plant + "'s logs, not " + asked + "'s");
        }
        Instant now = clock.instant();
        if (snapshot != null && Duration.between(snapshot.at(), now).compareTo(refresh) < 0) return snapshot;
        try {
            List<LogEntry> logs = MaintenanceLogReader.plant(db, plant);
            int embedded = embeddings.embedMissing(logs, embedder);
            if (embedded > 0) LOG.debug("plant {}: embedded {} new maintenance logs", plant, embedded);
            Map<String, LogEntry> last = new HashMap<>();
            for (LogEntry l : logs) last.put(l.asset(), l); // logs come in time order: the last one wins
            snapshot = new Snapshot(
                    now, new SimilarLogs(embedder, embeddings.load(logs, plant, embedder.modelId())), last);
        } catch (SQLException | RuntimeException e) {
            LOG.warn(
                    "plant {}: maintenance logs unavailable ({}); alerts cite none until they are",
                    plant,
                    e.toString());
            if (snapshot == null) snapshot = new Snapshot(now, new SimilarLogs(embedder, List.of()), Map.of());
        }
        return snapshot;
    }
}
