package io.pdm.federated.aggregator.round;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * The aggregator's PostgreSQL database: plain JDBC connections (the aggregator does a handful of statements
 * per upload, so no pool) and the Flyway migrations of schema {@value #SCHEMA}.
 *
 * @param user     null when the URL carries it
 * @param password null when none is needed
 */
public record Database(String jdbcUrl, String user, String password) {

    public static final String SCHEMA = "fl";

    public Database {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    public static Database of(String jdbcUrl) {
        return new Database(jdbcUrl, null, null);
    }

    /** Creates or upgrades schema fl; safe to call on every start. */
    public void migrate() {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations("classpath:db/federated")
                .load()
                .migrate();
    }

    /** Work inside one transaction, committed when it returns and rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database work failed: " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        Connection connection = DriverManager.getConnection(jdbcUrl, properties);
        connection.setSchema(SCHEMA);
        return connection;
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @Override
    public String toString() {
        return "Database[" + jdbcUrl.replaceAll("password=[^&]*", "password=***") + "]";
    }
}
