package io.pdm.features.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the store's Flyway migrations ({@code classpath:db/migration}) and reports the layout. */
public final class PdmSchema {
    public static final String LAYOUT_TIMESCALE = "timescaledb";
    public static final String LAYOUT_PARTITIONED = "partitioned";

    private PdmSchema() {}

    /** Migrates the database behind {@code db} (its schema, or {@code public}); idempotent. */
    public static MigrateResult migrate(ConnectionFactory db, StoreConfig config) {
        var cfg = Flyway.configure()
                .dataSource(db.url(), db.user(), db.password())
                .locations("classpath:db/migration")
                .placeholders(config.placeholders())
                .table("pdm_store_schema_history");
        if (db.schema() != null) {
            cfg.schemas(db.schema()).defaultSchema(db.schema()).createSchemas(true);
        }
        return cfg.load().migrate();
    }

    public static MigrateResult migrate(ConnectionFactory db) {
        return migrate(db, StoreConfig.defaults());
    }

    /** {@link #LAYOUT_TIMESCALE} or {@link #LAYOUT_PARTITIONED}, as chosen by the migration. */
    public static String layout(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT layout FROM pdm_store_layout")) {
            if (!rs.next()) throw new SQLException("pdm_store_layout is empty: schema not migrated?");
            return rs.getString(1);
        }
    }
}
