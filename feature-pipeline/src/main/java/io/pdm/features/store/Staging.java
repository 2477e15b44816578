package io.pdm.features.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * The two idempotent COPY paths shared by the writers.
 *
 * <p>PostgreSQL's COPY has no ON CONFLICT, so an idempotent bulk load goes through a staging
 * table: COPY into a temporary table (no WAL, no indexes), then one
 * {@code INSERT ... SELECT ... ON CONFLICT}. The optimistic variant first COPYs straight into the
 * target under a savepoint and only falls back to staging when that hits a unique violation,
 * i.e. when the batch is (partly) a replay; in steady state that is as fast as a raw COPY.
 */
final class Staging {
    static final String UNIQUE_VIOLATION = "23505";

    private Staging() {}

    static String stageName(String table) {
        return "pdm_stage_" + table;
    }

    /** A session-local staging table shaped like {@code table}, emptied at every commit. */
    static void createStage(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS " + stageName(table) + " (LIKE " + table
                    + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        }
    }

    /** COPY into the stage only (the caller merges or compares); returns the rows copied. */
    static long copyToStage(Connection c, CopyBuffer rows, String table, String columns) throws SQLException {
        return rows.copyTo(c, "COPY " + stageName(table) + " (" + columns + ") FROM STDIN (FORMAT binary)");
    }

    /** COPY into the stage, then merge with {@code onConflict}; returns rows inserted/updated. */
    static long staged(Connection c, CopyBuffer rows, String table, String columns, String onConflict)
            throws SQLException {
        copyToStage(c, rows, table, columns);
        // The stage empties at commit (ON COMMIT DELETE ROWS: an in-place truncate, cheaper than
        // TRUNCATE or DELETE), so a writer stages each table at most once per transaction.
        try (Statement st = c.createStatement()) {
            return st.executeLargeUpdate("INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM "
                    + stageName(table) + " " + onConflict);
        }
    }

    /**
     * Direct COPY under a savepoint; returns the rows copied, or -1 after a duplicate key (rolled
     * back to the savepoint: the caller takes the staged path).
     */
    static long direct(Connection c, CopyBuffer rows, String table, String columns) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try {
            long n = rows.copyTo(c, "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)");
            c.releaseSavepoint(sp);
            return n;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) throw e;
            c.rollback(sp);
            return -1;
        }
    }
}
