package io.pdm.features.store;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The table-specific half of {@link JdbcSink}: turns a batch of one row type into idempotent SQL.
 * Implementations are serializable (they travel inside the sink) and keep only transient,
 * per-connection scratch state.
 */
public interface RowWriter<T> extends Serializable {

    /** Once per new connection, e.g. to create temporary staging tables. */
    default void prepare(Connection c) throws SQLException {}

    /**
     * Writes {@code rows} inside the caller's open transaction (auto-commit off); the caller
     * commits. Must be idempotent: writing the same rows again leaves the same table contents.
     *
     * @return rows newly inserted or changed (replayed duplicates are not counted)
     */
    long write(Connection c, List<T> rows) throws SQLException;

    /** When the sink writer closes: releases what the writer opened besides the connection. */
    default void close() {}
}
