package io.pdm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, section 5: the embedded PostgreSQL asks every client for a password (scram-sha-256). */
class LocalPostgresAuthIT {

    @Test
    void aConnectionWithoutThePasswordIsRefused(@TempDir Path dir) throws Exception {
        try (LocalPostgres pg = LocalPostgres.builder().dataDir(dir).build().start()) {
            String bare = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?user=postgres";
            assertThatThrownBy(() -> DriverManager.getConnection(bare))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no password was provided");
            Properties wrong = new Properties();
            wrong.setProperty("password", "not-the-password");
            assertThatThrownBy(() -> DriverManager.getConnection(bare, wrong))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");

            // the platform's URL names the file, not the password, and connects
            assertThat(pg.jdbcUrl()).doesNotContain(pg.password()).contains(PgPasswordFile.FILE_NAME);
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl())) {
                assertThat(scalar(c, "select current_user")).isEqualTo("postgres");
                assertThat(scalar(c, "select auth_method from pg_hba_file_rules where address = '127.0.0.1'"))
                        .isEqualTo("scram-sha-256");
            }
            assertThat(Files.getPosixFilePermissions(pg.passwordFile()))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(serverLog(dir)).doesNotContain(pg.password());
        }
    }

    @Test
    void thePasswordIsGeneratedOnceAndReusedOnRestart(@TempDir Path dir) throws Exception {
        String first;
        try (LocalPostgres pg = LocalPostgres.builder().dataDir(dir).build().start()) {
            first = Files.readString(pg.passwordFile());
            pg.createDatabase("kept");
        }
        try (LocalPostgres pg = LocalPostgres.builder().dataDir(dir).build().start();
                Connection c = DriverManager.getConnection(pg.jdbcUrl("kept"))) {
            assertThat(Files.readString(pg.passwordFile())).isEqualTo(first);
            assertThat(first.strip()).hasSizeGreaterThanOrEqualTo(40); // 32 random bytes
            assertThat(scalar(c, "select current_database()")).isEqualTo("kept");
        }
    }

    /** A data dir from before the password (initdb -A trust, no pg-password) starts, keeps its data, then asks too. */
    @Test
    void aTrustDataDirFromAnOlderVersionIsMigrated(@TempDir Path dir) throws Exception {
        Path pgData = dir.resolve("pgdata");
        PgBinaries bin = PgBinaries.locate(null);
        bin.prepareDataDir(pgData);
        // what LocalPostgres.initdb did before issue 14
        bin.run(
                pgData,
                120,
                "initdb",
                "-D",
                pgData.toString(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync");
        Files.writeString(
                pgData.resolve("postgresql.conf"),
                "\ninclude_if_exists = 'pdm.conf'\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(PgHba.trusts(pgData.resolve("pg_hba.conf"))).isTrue();
        try (LocalPostgres pg = LocalPostgres.builder().dataDir(dir).build().start()) {
            try (Connection c = DriverManager.getConnection(pg.createDatabase("old"));
                    Statement st = c.createStatement()) {
                st.execute("create table t (v text)");
                st.execute("insert into t values ('from the trust days')");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + pg.port() + "/old?user=postgres"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no password was provided");
        }
        assertThat(PgHba.trusts(pgData.resolve("pg_hba.conf"))).isFalse();
        try (LocalPostgres pg = LocalPostgres.builder().dataDir(dir).build().start();
                Connection c = DriverManager.getConnection(pg.jdbcUrl("old"))) {
            assertThat(scalar(c, "select v from t")).isEqualTo("from the trust days");
        }
    }

    /** External PostgreSQL: a URL without a password and a libpq password file, read by pgjdbc itself. */
    @Test
    void anExternalServersPasswordComesFromAPasswordFile(@TempDir Path dir) throws Exception {
        PostgresHandle server = TestPostgres.get();
        org.junit.jupiter.api.Assumptions.assumeTrue(server.password() != null, "a local server with a password");
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(pgpass, "127.0.0.1:" + server.port() + ":*:postgres:" + server.password() + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        String bare = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?user=postgres";
        String before = System.setProperty("org.postgresql.pgpassfile", pgpass.toString());
        try (Connection c = DriverManager.getConnection(bare)) {
            assertThat(scalar(c, "select 1")).isEqualTo("1");
        } finally {
            if (before == null) System.clearProperty("org.postgresql.pgpassfile");
            else System.setProperty("org.postgresql.pgpassfile", before);
        }
    }

    /** A DataSource that keeps only pgjdbc's own URL parameters still finds the password (by port, in this JVM). */
    @Test
    void aDataSourceThatDropsTheFileParameterStillConnects() throws Exception {
        PostgresHandle shared = TestPostgres.get();
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(shared.jdbcUrl());
        try (Connection c = ds.getConnection()) {
            assertThat(scalar(c, "select 1")).isEqualTo("1");
        }
    }

    @Test
    void thePluginReadsNoOtherFileAndNoFileOthersCanRead(@TempDir Path dir) throws Exception {
        Path other = Files.writeString(dir.resolve("secrets.txt"), "x");
        assertThatThrownBy(() -> pluginFor(other).getPassword(null)).hasMessageContaining("is named pg-password");
        Path loose = Files.writeString(dir.resolve(PgPasswordFile.FILE_NAME), "x");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> pluginFor(loose).getPassword(null)).hasMessageContaining("chmod 600");
    }

    private static PgPasswordFile pluginFor(Path file) {
        Properties p = new Properties();
        p.setProperty(PgPasswordFile.URL_PARAMETER, file.toString());
        return new PgPasswordFile(p);
    }

    private static String serverLog(Path dir) throws Exception {
        return Files.readString(dir.resolve("pgdata/pdm-server.log"));
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
