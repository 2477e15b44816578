package io.pdm.features.store;

import static io.pdm.features.store.StoreTestDb.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.features.records.Reading;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** The TimescaleDB path of the migrations; needs Docker, skipped cleanly without it. */
@Testcontainers(disabledWithoutDocker = true)
class TimescaleMigrationIT {

    @Container
    static final PostgreSQLContainer TIMESCALE = new PostgreSQLContainer(
            DockerImageName.parse("timescale/timescaledb:latest-pg16").asCompatibleSubstituteFor("postgres"));

    @Test
    void migratesToHypertablesPoliciesAndContinuousAggregates() throws Exception {
        ConnectionFactory db =
                ConnectionFactory.of(TIMESCALE.getJdbcUrl(), TIMESCALE.getUsername(), TIMESCALE.getPassword());
        StoreConfig config = StoreConfig.defaults().withTimescale("on");

        assertThat(PdmSchema.migrate(db, config).migrationsExecuted).isEqualTo(2);
        assertThat(PdmSchema.migrate(db, config).migrationsExecuted).isZero();

        try (Connection c = db.open()) {
            assertThat(PdmSchema.layout(c)).isEqualTo(PdmSchema.LAYOUT_TIMESCALE);
            assertThat(names(c, "SELECT hypertable_name FROM timescaledb_information.hypertables"))
                    .contains("readings", "waveforms", "features");
            assertThat(names(c, "SELECT view_name FROM timescaledb_information.continuous_aggregates"))
                    .contains("readings_1m", "readings_1h");
            assertThat(names(c, "SELECT DISTINCT proc_name FROM timescaledb_information.jobs"))
                    .contains("policy_compression", "policy_retention", "policy_refresh_continuous_aggregate");
            assertThat(PartitionMaintenance.ensurePartitions(
                            c, Instant.now(), Instant.now().plusSeconds(86_400)))
                    .isZero();

            // The writers work unchanged on hypertables, idempotently.
            c.setAutoCommit(false);
            ReadingWriter w = new ReadingWriter();
            w.prepare(c);
            long t = System.currentTimeMillis();
            List<Reading> batch =
                    List.of(Reading.scalar("p", "ts-1", t, t, new String[] {"temp", "rpm"}, new double[] {1, 2}));
            assertThat(w.write(c, batch)).isEqualTo(2);
            c.commit();
            assertThat(w.write(c, batch)).isZero();
            c.commit();
            assertThat(count(c, "SELECT count(*) FROM readings WHERE asset = 'ts-1'"))
                    .isEqualTo(2);
        }
    }

    private static List<String> names(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
