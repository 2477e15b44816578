package io.pdm.federated.training.history;

import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.data.cmapss.ProtocolOptions;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming path: a plant's readings and maintenance logs as the feature pipeline stored them in PostgreSQL
 * ({@code readings}, {@code maintenance_log}; plain or TimescaleDB layout alike), cut into run-to-failure lives by
 * {@link RunToFailureEpisodes}. Every stored life is the plant's own: there is no OEM share and no test set.
 *
 * @param jdbcUrl         the plant's store, user and password in the URL if needed
 * @param endOfLifeActions maintenance actions that end a life (case-insensitive), e.g. REPLACEMENT
 */
public record StoredRuns(String jdbcUrl, String plant, Set<String> endOfLifeActions) implements PlantHistory {

    private static final Logger LOG = LoggerFactory.getLogger(StoredRuns.class);
    private static final Set<String> DEFAULT_END_OF_LIFE = Set.of("REPLACEMENT");
    private static final int FETCH_SIZE = 10_000;

    public StoredRuns {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(plant, "plant");
        endOfLifeActions = endOfLifeActions.stream()
                .map(a -> a.toUpperCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        if (endOfLifeActions.isEmpty()) {
            throw new IllegalArgumentException("at least one maintenance action must end a life");
        }
    }

    /** A replacement ends a life. */
    public StoredRuns(String jdbcUrl, String plant) {
        this(jdbcUrl, plant, DEFAULT_END_OF_LIFE);
    }

    @Override
    public String name() {
        return plant;
    }

    @Override
    public CmapssData prepare(ProtocolOptions options, double oemFraction, double validationFraction, long seed)
            throws IOException {
        RunToFailureEpisodes.Result lives = read();
        LOG.info(
                "plant {}: {} run-to-failure lives from the store; {} cycles of running lives and {} incomplete cycles not used",
                plant,
                lives.engines().size(),
                lives.censoredCycles(),
                lives.incompleteCycles());
        if (lives.engines().isEmpty()) {
            throw new IllegalStateException("plant " + plant + " has no stored life that ended in one of "
                    + new TreeSet<>(endOfLifeActions) + ": nothing to train on");
        }
        if (validationFraction > 0 && lives.engines().size() < 2) {
            throw new IllegalStateException("plant " + plant + " has one stored life that ended; holding lives out for "
                    + "validation needs at least two");
        }
        return CmapssData.fromEngines(
                lives.engines(),
                options,
                new CmapssData.Selection(
                        CmapssData.EngineShare.PLANT,
                        0,
                        validationFraction,
                        seed,
                        CmapssData.ValidationCuts.LATE_LIFE));
    }

    /** The plant's lives as stored now. */
    public RunToFailureEpisodes.Result read() throws IOException {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.setAutoCommit(false); // lets the driver stream the readings with a cursor
            RunToFailureEpisodes episodes = new RunToFailureEpisodes();
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT asset, ts FROM maintenance_log WHERE plant = ? AND upper(action) = ANY(?) ORDER BY asset, ts")) {
                st.setString(1, plant);
                st.setArray(2, c.createArrayOf("text", endOfLifeActions.toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        episodes.endOfLife(rs.getString(1), micros(rs.getObject(2, OffsetDateTime.class)));
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT asset, ts, sensor, value FROM readings WHERE plant = ? AND sensor = ANY(?) ORDER BY asset, ts")) {
                st.setFetchSize(FETCH_SIZE);
                st.setString(1, plant);
                st.setArray(
                        2,
                        c.createArrayOf("text", RunToFailureEpisodes.channels().toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    feedCycles(rs, episodes);
                }
            }
            c.commit();
            return episodes.episodes();
        } catch (SQLException e) {
            throw new IOException("reading plant " + plant + "'s history from the store: " + e.getMessage(), e);
        }
    }

    /** Rows ordered by asset and time: every run of equal (asset, ts) is one cycle. */
    private static void feedCycles(ResultSet rs, RunToFailureEpisodes episodes) throws SQLException {
        String asset = null;
        long ts = 0;
        Map<String, Double> values = new HashMap<>();
        while (rs.next()) {
            String rowAsset = rs.getString(1);
            long rowTs = micros(rs.getObject(2, OffsetDateTime.class));
            if (asset != null && (!asset.equals(rowAsset) || rowTs != ts)) {
                episodes.cycle(asset, ts, values);
                values = new HashMap<>();
            }
            asset = rowAsset;
            ts = rowTs;
            values.put(rs.getString(3), rs.getDouble(4));
        }
        if (asset != null) {
            episodes.cycle(asset, ts, values);
        }
    }

    /** Epoch microseconds, timestamptz's own resolution; called for every row read. */
    private static long micros(OffsetDateTime time) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, time.toInstant());
    }
}
