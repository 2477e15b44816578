package io.pdm.embedded;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server for tests of every module: one {@link LocalPostgres} per JVM, started on
 * first use with fast-and-unsafe settings and stopped at JVM exit; or, when env
 * {@code PDM_TEST_JDBC_URL} is set (e.g. {@code jdbc:postgresql://db:5432/postgres?user=u&password=p}),
 * that external server. Handles returned here ignore {@code close()}: the server is shared.
 */
public final class TestPostgres {
    public static final String ENV_URL = "PDM_TEST_JDBC_URL";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PostgresHandle shared;

    private TestPostgres() {}

    /** The shared server, started lazily. */
    public static synchronized PostgresHandle get() {
        if (shared == null) {
            String url = System.getenv(ENV_URL);
            shared = url != null && !url.isBlank()
                    ? new External(url.trim())
                    : new Unclosable(
                            LocalPostgres.builder().fastAndUnsafe(true).build().start());
        }
        return shared;
    }

    /** Creates a fresh, uniquely named database ({@code prefix_N_RANDOM}) and returns its JDBC URL. */
    public static String newDatabase(String prefix) {
        String name = (prefix + "_" + COUNTER.incrementAndGet() + "_"
                        + Long.toString(System.nanoTime() & 0xffffffL, 36))
                .toLowerCase(java.util.Locale.ROOT);
        return get().createDatabase(name);
    }

    /** The JVM-wide local server; it is stopped by its own shutdown hook, not by callers. */
    private static final class Unclosable implements PostgresHandle {
        private final LocalPostgres delegate;

        Unclosable(LocalPostgres delegate) {
            this.delegate = delegate;
        }

        @Override
        public String jdbcUrl(String database) {
            return delegate.jdbcUrl(database);
        }

        @Override
        public String createDatabase(String name) {
            return delegate.createDatabase(name);
        }

        @Override
        public int port() {
            return delegate.port();
        }

        @Override
        public String username() {
            return delegate.username();
        }

        @Override
        public String password() {
            return delegate.password();
        }

        @Override
        public void close() {
            /* shared: stopped at JVM exit */
        }
    }

    /** An externally managed server; only its database part of the URL is replaced. */
    static final class External implements PostgresHandle {
        private final String prefix;
        private final String query;
        private final int port;

        External(String url) {
            if (!url.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException(ENV_URL + " must be a jdbc:postgresql:// URL: " + url);
            }
            URI uri = URI.create(url.substring("jdbc:".length()));
            int q = url.indexOf('?');
            this.query = q < 0 ? "" : url.substring(q);
            String base = q < 0 ? url : url.substring(0, q);
            int slash = base.indexOf('/', "jdbc:postgresql://".length());
            this.prefix = slash < 0 ? base + "/" : base.substring(0, slash + 1);
            this.port = uri.getPort() > 0 ? uri.getPort() : 5432;
        }

        @Override
        public String jdbcUrl(String database) {
            return prefix + PostgresHandle.checkDatabaseName(database) + query;
        }

        @Override
        public String createDatabase(String name) {
            PgDatabases.create(this, name);
            return jdbcUrl(name);
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public String username() {
            return null; // credentials travel in the URL's query
        }

        @Override
        public String password() {
            return null;
        }

        @Override
        public void close() {
            // external server: not ours to stop
        }
    }
}
