package io.pdm.embedded;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL server that code can reach over JDBC: a {@link LocalPostgres} child process, or an
 * external server handed to tests through {@code PDM_TEST_JDBC_URL} (see {@link TestPostgres}).
 */
public interface PostgresHandle extends AutoCloseable {

    /** JDBC URL of the default {@code postgres} database. */
    default String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** JDBC URL of {@code database} on this server (it need not exist yet). */
    String jdbcUrl(String database);

    /** Creates {@code name} unless it exists already; returns its JDBC URL. */
    String createDatabase(String name);

    /** TCP port of the server on its host. */
    int port();

    /** User to connect as, or null when the URL carries it. */
    String username();

    /** Password, or null when none is needed (LocalPostgres trusts local TCP connections). */
    String password();

    /** Opens a connection to {@code database}; the caller closes it. */
    default Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        if (username() != null) {
            props.setProperty("user", username());
        }
        if (password() != null) {
            props.setProperty("password", password());
        }
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    @Override
    void close();

    /** Database names are quoted identifiers; allow only plain ones to keep the SQL injection-free. */
    static String checkDatabaseName(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("invalid database name: " + name);
        }
        return name;
    }
}
