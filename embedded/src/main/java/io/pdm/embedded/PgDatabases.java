package io.pdm.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Idempotent CREATE DATABASE shared by the local and external handles. */
final class PgDatabases {
    private static final String DUPLICATE_DATABASE = "42P04";
    private static final String OBJECT_IN_USE = "55006";

    private PgDatabases() {}

    static void create(PostgresHandle server, String name) {
        PostgresHandle.checkDatabaseName(name);
        for (int attempt = 1; ; attempt++) {
            try (Connection c = server.connect("postgres")) {
                if (exists(c, name)) {
                    return;
                }
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE \"" + name + "\"");
                }
                return;
            } catch (SQLException e) {
                if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
                    return; // another thread/JVM won the race
                }
                // "source database template1 is being accessed by other users": concurrent creators.
                if (OBJECT_IN_USE.equals(e.getSQLState()) && attempt < 20) {
                    sleep(100L * attempt);
                    continue;
                }
                throw new IllegalStateException("could not create database " + name, e);
            }
        }
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
