package io.pdm.bench.features;

import io.pdm.features.records.Reading;
import io.pdm.features.store.ConnectionFactory;
import io.pdm.features.store.CopyBuffer;
import io.pdm.features.store.JdbcSinkWriter;
import io.pdm.features.store.PdmSchema;
import io.pdm.features.store.ReadingWriter;
import io.pdm.features.store.SinkOptions;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Store benchmark ({@code pdm bench store}): writes N generated scalar readings through the sink's
 * writer ({@link JdbcSinkWriter} + {@link ReadingWriter}) and, in the same run, the same rows by
 * one raw binary {@code COPY} into an identical empty table, and prints both rates and their ratio
 * (goal: sink >= 0.8 x COPY). The two tables live in scratch schemas migrated by the same Flyway
 * scripts, so layout, partitions and indexes are identical; the schemas are dropped at the end.
 * Rounds alternate which side goes first; medians are reported. A last pass replays the same rows
 * through the sink to show the idempotent path's rate and that it adds no rows.
 *
 * <p>Usage: {@code StoreBench --jdbc URL [--user U] [--password P] [--rows N] [--batch B]
 * [--rounds R] [--mode OPTIMISTIC_COPY|STAGED_COPY|BATCHED_INSERT]}
 */
public final class StoreBench {
    static final String SINK_SCHEMA = "pdm_bench_sink";
    static final String COPY_SCHEMA = "pdm_bench_copy";
    private static final String[] SENSORS = {"temp", "pressure", "current", "rpm"};

    /** Median rates of one run. */
    /**
     * Medians over the rounds. {@code ratio} is the median of the per-round ratios: each round's
     * pair ran back to back under the same machine load, which the medians of the rates ignore.
     */
    /**
     * @param sinkTable what the sink's table held after the last round and the replay
     * @param copyTable what the raw COPY's table held after the last round
     */
    public record Result(
            long rows,
            double sinkRowsPerSecond,
            double copyRowsPerSecond,
            double ratio,
            double replayRowsPerSecond,
            TableContents sinkTable,
            TableContents copyTable) {}

    /** Row count, distinct (plant, asset, sensor, ts) keys and the sum of the values of a readings table. */
    public record TableContents(long rows, long distinctKeys, double valueSum) {}

    private StoreBench() {}

    public static void main(String[] args) throws Exception {
        String url = null, user = null, password = null;
        int rows = 1_000_000, batch = SinkOptions.defaults().batchSize(), rounds = 5;
        ReadingWriter.Mode mode = ReadingWriter.Mode.OPTIMISTIC_COPY;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--jdbc" -> url = v;
                case "--user" -> user = v;
                case "--password" -> password = v;
                case "--rows" -> rows = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--mode" -> mode = ReadingWriter.Mode.valueOf(v.toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            i++;
        }
        if (url == null) throw new IllegalArgumentException("--jdbc URL is required");
        run(ConnectionFactory.of(url, user, password), rows, batch, rounds, mode, System.out);
    }

    public static Result run(
            ConnectionFactory db, int rows, int batch, int rounds, ReadingWriter.Mode mode, PrintStream out)
            throws Exception {
        ConnectionFactory sinkDb = db.inSchema(SINK_SCHEMA);
        ConnectionFactory copyDb = db.inSchema(COPY_SCHEMA);
        dropSchemas(db);
        try {
            PdmSchema.migrate(sinkDb);
            PdmSchema.migrate(copyDb);
            List<Reading> readings = generate(rows);
            long total = (long) readings.size() * SENSORS.length;
            out.printf(
                    Locale.ROOT,
                    "store bench: %,d rows (%,d snapshots x %d sensors), batch %d, mode %s, %d rounds%n",
                    total,
                    readings.size(),
                    SENSORS.length,
                    batch,
                    mode,
                    rounds);
            double[] sink = new double[rounds];
            double[] copy = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                truncate(sinkDb);
                truncate(copyDb);
                if (r % 2 == 0) {
                    copy[r] = total / rawCopy(copyDb, readings);
                    sink[r] = total / viaSink(sinkDb, readings, batch, mode, total);
                } else {
                    sink[r] = total / viaSink(sinkDb, readings, batch, mode, total);
                    copy[r] = total / rawCopy(copyDb, readings);
                }
                ratio[r] = sink[r] / copy[r];
                out.printf(
                        Locale.ROOT,
                        "  round %d: sink %,.0f rows/s, raw COPY %,.0f rows/s, ratio %.2f%n",
                        r + 1,
                        sink[r],
                        copy[r],
                        ratio[r]);
            }
            double replay = total / viaSink(sinkDb, readings, batch, mode, 0);
            Result res = new Result(
                    total, median(sink), median(copy), median(ratio), replay, contents(sinkDb), contents(copyDb));
            out.printf(
                    Locale.ROOT,
                    "median: sink %,.0f rows/s, raw COPY %,.0f rows/s, sink/COPY ratio %.2f (goal >= 0.80)%n",
                    res.sinkRowsPerSecond(),
                    res.copyRowsPerSecond(),
                    res.ratio());
            out.printf(Locale.ROOT, "replay of the same rows through the sink: %,.0f rows/s, 0 rows added%n", replay);
            return res;
        } finally {
            dropSchemas(db);
        }
    }

    /** Snapshots of 4 sensors for 50 assets, time-major, over two UTC days (yesterday and today). */
    static List<Reading> generate(int rows) {
        int snapshots = Math.max(1, rows / SENSORS.length);
        int assets = Math.min(50, snapshots);
        int perAsset = (snapshots + assets - 1) / assets;
        long start = LocalDate.now(ZoneOffset.UTC)
                .minusDays(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant()
                .toEpochMilli();
        long step = Math.max(1, Duration.ofDays(2).toMillis() / perAsset);
        List<Reading> out = new ArrayList<>(snapshots);
        String[] names = new String[assets];
        for (int a = 0; a < assets; a++) names[a] = "asset-" + a;
        for (int t = 0; out.size() < snapshots; t++) {
            for (int a = 0; a < assets && out.size() < snapshots; a++) {
                double x = t * 0.01 + a;
                long ts = start + t * step;
                out.add(Reading.scalar("plant-1", names[a], ts, ts, SENSORS, new double[] {
                    60 + Math.sin(x), 4 + Math.cos(x), 12 + 0.1 * a, 1480 + (t % 40)
                }));
            }
        }
        return out;
    }

    /** Seconds to write all readings through a sink writer; checks the rows it reported. */
    private static double viaSink(
            ConnectionFactory db, List<Reading> readings, int batch, ReadingWriter.Mode mode, long expectedNew)
            throws Exception {
        SinkOptions opts = SinkOptions.defaults().withBatchSize(batch).withPartitionDaysAhead(-1);
        long t0 = System.nanoTime();
        try (JdbcSinkWriter<Reading> w = new JdbcSinkWriter<>(db, new ReadingWriter(mode), opts, null)) {
            for (Reading r : readings) w.write(r, null);
            w.flush(true);
            double s = (System.nanoTime() - t0) / 1e9;
            if (mode != ReadingWriter.Mode.BATCHED_INSERT && w.rowsWritten() != expectedNew) {
                throw new IllegalStateException(
                        "sink reported " + w.rowsWritten() + " new rows, expected " + expectedNew);
            }
            return s;
        }
    }

    /** Seconds to encode the same rows and load them with a single raw binary COPY. */
    private static double rawCopy(ConnectionFactory db, List<Reading> readings) throws SQLException {
        try (Connection c = db.open()) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            CopyBuffer buf = new CopyBuffer();
            for (Reading r : readings) {
                for (int i = 0; i < r.sensors().length; i++) {
                    buf.row(5)
                            .text(r.plant())
                            .text(r.asset())
                            .text(r.sensors()[i])
                            .timestampMillis(r.ts())
                            .float8(r.values()[i]);
                }
            }
            buf.copyTo(c, "COPY readings (" + ReadingWriter.READING_COLUMNS + ") FROM STDIN (FORMAT binary)");
            c.commit();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static TableContents contents(ConnectionFactory db) throws SQLException {
        try (Connection c = db.open();
                Statement st = c.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT (plant, asset, sensor, ts)), "
                        + "coalesce(sum(value), 0) FROM readings")) {
            rs.next();
            return new TableContents(rs.getLong(1), rs.getLong(2), rs.getDouble(3));
        }
    }

    private static void truncate(ConnectionFactory db) throws SQLException {
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            st.execute("TRUNCATE readings");
            st.execute("CHECKPOINT"); // so neither side pays for the other's dirty buffers
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) throw e; // CHECKPOINT needs superuser: skip it then
        }
    }

    private static void dropSchemas(ConnectionFactory db) throws SQLException {
        try (Connection c = db.open();
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SINK_SCHEMA + " CASCADE");
            st.execute("DROP SCHEMA IF EXISTS " + COPY_SCHEMA + " CASCADE");
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
