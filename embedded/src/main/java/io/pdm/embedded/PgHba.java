package io.pdm.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The client authentication of a {@link LocalPostgres}: password (scram-sha-256) over TCP on loopback. Data dirs made
 * before the password existed were initialised with {@code trust}; {@link #migrateToPassword} moves them over.
 */
final class PgHba {
    /** TCP on loopback only (the server has no Unix socket), always with the password. */
    static final String PASSWORD_ONLY = """
            # Written by pdm (LocalPostgres): every connection needs the password in ../pg-password.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;

    private PgHba() {}

    /** Whether any rule of {@code hba} lets a client in without a password (an older pdm's data dir). */
    static boolean trusts(Path hba) {
        try {
            return Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .anyMatch(line -> line.matches(".*\\strust(\\s.*)?$"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + hba, e);
        }
    }

    /**
     * Gives {@code user} the password while the old rules still trust loopback, then replaces the rules and reloads
     * them. Repeating it is harmless, so a crash half-way is finished at the next start.
     */
    static void migrateToPassword(int port, String user, String password, Path pgData, PgBinaries bin) {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + user;
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute("SET password_encryption = 'scram-sha-256'");
            // ALTER ROLE takes no bind parameters; the password is base64url, quoted anyway.
            st.execute("ALTER ROLE \"" + user + "\" PASSWORD '" + password.replace("'", "''") + "'");
            bin.writeServerFile(pgData.resolve("pg_hba.conf"), PASSWORD_ONLY);
            st.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot move " + pgData + " from trust to password authentication", e);
        }
        awaitPasswordRequired(url);
    }

    /** pg_reload_conf() signals the postmaster; wait until it really refuses a client without a password. */
    private static void awaitPasswordRequired(String url) {
        for (int i = 0; i < 100; i++) {
            try (Connection ignored = DriverManager.getConnection(url)) {
                sleep();
            } catch (SQLException refused) {
                return;
            }
        }
        throw new IllegalStateException("PostgreSQL still lets clients in without a password after the reload");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
