package io.pdm.features.store;

import static io.pdm.features.store.StoreTestDb.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

class SchemaMigrationIT {

    @Test
    void migratesFreshDatabaseToPartitionedLayoutAndIsIdempotent() throws Exception {
        ConnectionFactory db = ConnectionFactory.of(TestPostgres.newDatabase("store_mig"));
        MigrateResult first = PdmSchema.migrate(db, StoreTestDb.PLAIN);
        MigrateResult again = PdmSchema.migrate(db, StoreTestDb.PLAIN);

        assertThat(first.migrationsExecuted).isEqualTo(2);
        assertThat(again.migrationsExecuted).isZero();
        try (Connection c = db.open()) {
            assertThat(PdmSchema.layout(c)).isEqualTo(PdmSchema.LAYOUT_PARTITIONED);
            assertThat(count(
                            c,
                            "SELECT count(*) FROM pg_partitioned_table WHERE partrelid::regclass::text"
                                    + " IN ('readings', 'waveforms', 'features')"))
                    .isEqualTo(3);
            assertThat(
                            count(
                                    c,
                                    "SELECT count(*) FROM pg_class WHERE relname IN"
                                            + " ('readings_default', 'waveforms_default', 'features_default', 'maintenance_log')"))
                    .isEqualTo(4);
            String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
            assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'readings_p" + today + "'"))
                    .isEqualTo(1);
            // yesterday .. today + 7 premade days
            assertThat(count(c, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'readings'::regclass"))
                    .isEqualTo(10);
            assertThat(count(
                            c,
                            "SELECT count(*) FROM pg_indexes WHERE tablename = 'readings'"
                                    + " AND indexdef LIKE '%USING brin (ts)%'"))
                    .isEqualTo(1);
        }
    }

    @Test
    void ensurePartitionsMovesDefaultRowsAndRetentionDropsOldPartitions() throws Exception {
        ConnectionFactory db = StoreTestDb.fresh("store_parts");
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO readings VALUES ('p', 'a', 's', '2031-03-04T10:00:00Z', 1.0)");
            assertThat(count(c, "SELECT count(*) FROM readings_default")).isEqualTo(1);

            int created = PartitionMaintenance.ensurePartitions(
                    c, Instant.parse("2031-03-04T00:00:00Z"), Instant.parse("2031-03-05T12:00:00Z"));
            assertThat(created).isEqualTo(6); // 2 days x readings, waveforms, features
            assertThat(PartitionMaintenance.ensurePartitions(
                            c, Instant.parse("2031-03-04T00:00:00Z"), Instant.parse("2031-03-06T00:00:00Z")))
                    .isZero();
            assertThat(count(c, "SELECT count(*) FROM readings_default")).isZero();
            assertThat(count(c, "SELECT count(*) FROM readings_p20310304")).isEqualTo(1);

            // 200 days old: past the default 90-day retention of readings, within 730 of features.
            Instant old = Instant.now().minusSeconds(200L * 86_400);
            PartitionMaintenance.ensurePartitions(c, old, old.plusSeconds(1));
            String day = LocalDate.ofInstant(old, ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
            st.execute("INSERT INTO readings VALUES ('p', 'a', 's', '" + old + "', 2.0)");
            st.execute("INSERT INTO readings VALUES ('p', 'a', 's', '" + old.minusSeconds(400L * 86_400) + "', 3.0)");

            int dropped = PartitionMaintenance.dropExpired(c, Instant.now());
            assertThat(dropped).isEqualTo(2); // readings and waveforms partitions of that day
            assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'readings_p" + day + "'"))
                    .isZero();
            assertThat(count(c, "SELECT count(*) FROM pg_class WHERE relname = 'features_p" + day + "'"))
                    .isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM readings WHERE value IN (2.0, 3.0)"))
                    .isZero();
            assertThat(count(c, "SELECT count(*) FROM readings_p20310304")).isEqualTo(1);
        }
    }
}
