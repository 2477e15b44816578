package io.pdm.features.store;

import io.pdm.embedded.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Fresh, migrated test databases on the shared test server (plain PostgreSQL layout). */
final class StoreTestDb {
    static final StoreConfig PLAIN = StoreConfig.defaults().withTimescale("off");

    private StoreTestDb() {}

    static ConnectionFactory fresh(String prefix) {
        ConnectionFactory db = ConnectionFactory.of(TestPostgres.newDatabase(prefix));
        PdmSchema.migrate(db, PLAIN);
        return db;
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long millis(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    static long todayAt(int hour) {
        return LocalDate.now(ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .plusHours(hour)
                .toInstant()
                .toEpochMilli();
    }
}
