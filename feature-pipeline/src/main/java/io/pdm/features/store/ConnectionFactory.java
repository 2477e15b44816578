package io.pdm.features.store;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How to open a JDBC connection; serializable so a Flink sink can carry it to the task managers.
 * The sink keeps one connection per writer for its lifetime, so no pool is needed.
 */
public record ConnectionFactory(String url, String user, String password, String schema) implements Serializable {

    public static ConnectionFactory of(String url) {
        return new ConnectionFactory(url, null, null, null);
    }

    public static ConnectionFactory of(String url, String user, String password) {
        return new ConnectionFactory(url, user, password, null);
    }

    /** The same server and credentials with {@code schema} first on the search path. */
    public ConnectionFactory inSchema(String schemaName) {
        return new ConnectionFactory(url, user, password, schemaName);
    }

    public Connection open() throws SQLException {
        Properties p = new Properties();
        if (user != null) p.setProperty("user", user);
        if (password != null) p.setProperty("password", password);
        if (schema != null) p.setProperty("currentSchema", schema);
        // The writers talk COPY and a few statements; server-side prepare after 5 uses is fine.
        p.setProperty("ApplicationName", "pdm-store");
        return DriverManager.getConnection(url, p);
    }
}
