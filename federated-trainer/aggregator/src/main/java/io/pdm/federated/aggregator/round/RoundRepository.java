package io.pdm.federated.aggregator.round;

import io.pdm.federated.protocol.AdapterLineage;
import io.pdm.federated.protocol.DeltaMetadata;
import io.pdm.federated.protocol.FlJson;
import io.pdm.federated.protocol.PublishedAdapter;
import io.pdm.federated.protocol.RoundAnnouncement;
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

/**
 * Rounds, accepted deltas, used nonces and adapter versions in schema fl. Every state change is one
 * transaction that first locks the round's row, so an upload and the round's close cannot interleave.
 */
public final class RoundRepository {

    /** What became of an upload that passed content validation. */
    public enum Acceptance {
        ACCEPTED,
        ROUND_NOT_OPEN,
        REPLAYED_NONCE,
        DUPLICATE_UPLOAD
    }

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String ROUND_COLUMNS =
            "announcement, status, opened_at, closed_at, outcome, dropped_plants, published_version";

    private final Database database;

    public RoundRepository(Database database) {
        this.database = database;
    }

    /** Stores the seed adapter as version 0 unless some version exists already. */
    public void ensureSeed(PublishedAdapter seed) {
        database.inTransaction(connection -> {
            try (PreparedStatement lock =
                    connection.prepareStatement("LOCK TABLE adapter_versions IN EXCLUSIVE MODE")) {
                lock.execute();
            }
            if (latestVersion(connection).isEmpty()) {
                insertVersion(connection, seed);
            }
            return null;
        });
    }

    public Optional<PublishedAdapter> version(long version) {
        return database.inTransaction(connection -> queryVersion(
                connection,
                "SELECT lineage, adapter_config, weights FROM adapter_versions WHERE version = ?",
                version));
    }

    /** The server optimiser state stored with the version, if any. */
    public Optional<byte[]> optimizerState(long version) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT state FROM optimizer_states WHERE version = ?")) {
                select.setLong(1, version);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    public Optional<PublishedAdapter> latestVersion() {
        return database.inTransaction(RoundRepository::latestVersion);
    }

    public long nextRoundNumber() {
        return database.inTransaction(connection -> {
            try (PreparedStatement select =
                            connection.prepareStatement("SELECT coalesce(max(round_number), 0) + 1 FROM rounds");
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    public void open(RoundAnnouncement announcement, Instant openedAt) {
        database.inTransaction(connection -> {
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO rounds (round_number, base_version, "
                            + "announcement, mode, deadline, status, opened_at) VALUES (?, ?, ?, ?, ?, 'OPEN', ?)")) {
                insert.setLong(1, announcement.round());
                insert.setLong(2, announcement.baseVersion());
                insert.setString(3, FlJson.write(announcement));
                insert.setString(4, announcement.mode().name());
                insert.setTimestamp(5, Timestamp.from(announcement.deadline()));
                insert.setTimestamp(6, Timestamp.from(openedAt));
                insert.executeUpdate();
            }
            return null;
        });
    }

    public Optional<RoundRecord> openRound() {
        return database.inTransaction(connection ->
                queryRound(connection, "SELECT " + ROUND_COLUMNS + " FROM rounds WHERE status = 'OPEN'", null));
    }

    public Optional<RoundRecord> round(long round) {
        return database.inTransaction(connection ->
                queryRound(connection, "SELECT " + ROUND_COLUMNS + " FROM rounds WHERE round_number = ?", round));
    }

    /**
     * Records the acceptance and its nonce if the round is still open and neither the nonce nor the plant is there
     * yet, running {@code fold} (the round's aggregation taking the delta) inside the same transaction: if folding
     * fails the acceptance is rolled back, so the database never counts a delta the aggregate lacks.
     */
    public Acceptance accept(long round, ReceivedDelta delta, Fold fold) {
        return database.inTransaction(connection -> {
            if (!lockOpenRound(connection, round)) {
                return Acceptance.ROUND_NOT_OPEN;
            }
            DeltaMetadata metadata = delta.metadata();
            if (exists(
                    connection,
                    "SELECT 1 FROM used_nonces WHERE plant = ? AND nonce = ?",
                    metadata.plant(),
                    metadata.nonce())) {
                return Acceptance.REPLAYED_NONCE;
            }
            if (exists(
                    connection, "SELECT 1 FROM deltas WHERE plant = ? AND round_number = ?", metadata.plant(), round)) {
                return Acceptance.DUPLICATE_UPLOAD;
            }
            try (PreparedStatement nonce = connection.prepareStatement(
                            "INSERT INTO used_nonces (plant, nonce, round_number, seen_at) VALUES (?, ?, ?, ?)");
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO deltas (round_number, plant, "
                            + "nonce, example_count, clip_norm, noise_multiplier, size_bytes, sha256, received_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                nonce.setString(1, metadata.plant());
                nonce.setString(2, metadata.nonce());
                nonce.setLong(3, round);
                nonce.setTimestamp(4, Timestamp.from(delta.receivedAt()));
                nonce.executeUpdate();
                insert.setLong(1, round);
                insert.setString(2, metadata.plant());
                insert.setString(3, metadata.nonce());
                insert.setLong(4, metadata.exampleCount());
                insert.setObject(5, metadata.clipNorm());
                insert.setObject(6, metadata.noiseMultiplier());
                insert.setLong(7, delta.sizeBytes());
                insert.setString(8, delta.sha256());
                insert.setTimestamp(9, Timestamp.from(delta.receivedAt()));
                insert.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) { // the same nonce raced in from another request
                    connection.rollback();
                    return Acceptance.REPLAYED_NONCE;
                }
                throw e;
            }
            try {
                fold.run();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("folding the delta of " + metadata.plant() + " failed", e);
            }
            return Acceptance.ACCEPTED;
        });
    }

    /** The round's aggregation taking an accepted delta, run before the acceptance commits. */
    @FunctionalInterface
    public interface Fold {
        void run() throws java.io.IOException;
    }

    /** The plants whose deltas the round accepted, in name order. */
    public List<String> contributors(long round) {
        return database.inTransaction(connection -> {
            List<String> plants = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT plant FROM deltas WHERE round_number = ? ORDER BY plant COLLATE \"C\"")) {
                select.setLong(1, round);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        plants.add(rows.getString(1));
                    }
                }
            }
            return plants;
        });
    }

    public int deltaCount(long round) {
        return database.inTransaction(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT count(*) FROM deltas WHERE round_number = ?")) {
                select.setLong(1, round);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    /** Records a nonce outside PLAIN deltas (secure mode's masked inputs); false if the plant used it before. */
    public boolean recordNonce(String plant, String nonce, long round, Instant seenAt) {
        return database.inTransaction(connection -> {
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO used_nonces (plant, nonce, round_number, "
                            + "seen_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, plant);
                insert.setString(2, nonce);
                insert.setLong(3, round);
                insert.setTimestamp(4, Timestamp.from(seenAt));
                return insert.executeUpdate() == 1;
            }
        });
    }

    /**
     * Publishes the adapter (with the server optimiser state after it) and closes the round in one transaction;
     * false if the round was no longer open.
     */
    public boolean publish(
            long round, PublishedAdapter adapter, byte[] optimizerState, List<String> droppedPlants, Instant closedAt) {
        return database.inTransaction(connection -> {
            if (!lockOpenRound(connection, round)) {
                return false;
            }
            insertVersion(connection, adapter);
            try (PreparedStatement state =
                    connection.prepareStatement("INSERT INTO optimizer_states (version, state) VALUES (?, ?)")) {
                state.setLong(1, adapter.version());
                state.setBytes(2, optimizerState);
                state.executeUpdate();
            }
            finish(connection, round, RoundStatus.PUBLISHED, null, droppedPlants, adapter.version(), closedAt);
            return true;
        });
    }

    /** Ends an open round without a version (FAILED or ABORTED); false if it was no longer open. */
    public boolean close(long round, RoundStatus status, String outcome, List<String> droppedPlants, Instant closedAt) {
        if (status == RoundStatus.OPEN || status == RoundStatus.PUBLISHED) {
            throw new IllegalArgumentException("close ends a round without a version, not with " + status);
        }
        return database.inTransaction(connection -> {
            if (!lockOpenRound(connection, round)) {
                return false;
            }
            finish(connection, round, status, outcome, droppedPlants, null, closedAt);
            return true;
        });
    }

    private static boolean lockOpenRound(Connection connection, long round) throws SQLException {
        return exists(connection, "SELECT 1 FROM rounds WHERE round_number = ? AND status = 'OPEN' FOR UPDATE", round);
    }

    private static void finish(
            Connection connection,
            long round,
            RoundStatus status,
            String outcome,
            List<String> droppedPlants,
            Long version,
            Instant closedAt)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE rounds SET status = ?, outcome = ?, "
                + "dropped_plants = ?, published_version = ?, closed_at = ? WHERE round_number = ?")) {
            update.setString(1, status.name());
            update.setString(2, outcome);
            update.setArray(3, connection.createArrayOf("text", droppedPlants.toArray()));
            update.setObject(4, version);
            update.setTimestamp(5, Timestamp.from(closedAt));
            update.setLong(6, round);
            update.executeUpdate();
        }
    }

    private static Optional<PublishedAdapter> latestVersion(Connection connection) throws SQLException {
        return queryVersion(
                connection,
                "SELECT lineage, adapter_config, weights FROM adapter_versions ORDER BY version DESC LIMIT 1",
                null);
    }

    private static Optional<PublishedAdapter> queryVersion(Connection connection, String sql, Long parameter)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (parameter != null) {
                select.setLong(1, parameter);
            }
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PublishedAdapter(
                        FlJson.read(rows.getString(1), AdapterLineage.class), rows.getString(2), rows.getBytes(3)));
            }
        }
    }

    private static void insertVersion(Connection connection, PublishedAdapter adapter) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO adapter_versions (version, round_number, "
                        + "adapter_config, weights, weights_sha256, lineage, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, adapter.version());
            insert.setObject(2, adapter.lineage().round());
            insert.setString(3, adapter.adapterConfigJson());
            insert.setBytes(4, adapter.weights());
            insert.setString(5, adapter.weightsSha256());
            insert.setString(6, FlJson.write(adapter.lineage()));
            insert.setTimestamp(7, Timestamp.from(adapter.lineage().publishedAt()));
            insert.executeUpdate();
        }
    }

    private static Optional<RoundRecord> queryRound(Connection connection, String sql, Long round) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (round != null) {
                select.setLong(1, round);
            }
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Timestamp closedAt = rows.getTimestamp(4);
                Array dropped = rows.getArray(6);
                return Optional.of(new RoundRecord(
                        FlJson.read(rows.getString(1), RoundAnnouncement.class),
                        RoundStatus.valueOf(rows.getString(2)),
                        rows.getTimestamp(3).toInstant(),
                        closedAt == null ? null : closedAt.toInstant(),
                        rows.getString(5),
                        Arrays.asList((String[]) dropped.getArray()),
                        (Long) rows.getObject(7)));
            }
        }
    }

    private static boolean exists(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }
}
