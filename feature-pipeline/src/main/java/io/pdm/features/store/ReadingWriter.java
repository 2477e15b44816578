package io.pdm.features.store;

import io.pdm.features.records.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/**
 * Writes telemetry: each scalar snapshot becomes one {@code readings} row per sensor, each waveform
 * block one {@code waveforms} row. Idempotent on (asset, sensor, ts) with ON CONFLICT DO NOTHING:
 * the first value stored for a key wins, which is what a replay needs.
 */
public final class ReadingWriter implements RowWriter<Reading> {
    private static final long serialVersionUID = 1L;
    /** The readings table's columns in the order every writer (and the store bench's COPY baseline) sends them. */
    public static final String READING_COLUMNS = "plant, asset, sensor, ts, value";

    static final String WAVEFORM_COLUMNS = "plant, asset, sensor, ts, rate_hz, samples";

    /** How a batch reaches the table; see STORAGE.md for the measurements behind the default. */
    public enum Mode {
        /** COPY straight into the table; staged COPY + INSERT ... ON CONFLICT only for a replayed batch. */
        OPTIMISTIC_COPY,
        /** Always COPY into a temp table, then INSERT ... SELECT ... ON CONFLICT DO NOTHING. */
        STAGED_COPY,
        /** JDBC batch of INSERT ... ON CONFLICT DO NOTHING (pair with reWriteBatchedInserts=true). */
        BATCHED_INSERT
    }

    private final Mode mode;
    private transient CopyBuffer scalars;
    private transient CopyBuffer waves;

    public ReadingWriter() {
        this(Mode.OPTIMISTIC_COPY);
    }

    public ReadingWriter(Mode mode) {
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public void prepare(Connection c) throws SQLException {
        Staging.createStage(c, "readings");
        Staging.createStage(c, "waveforms");
    }

    @Override
    public long write(Connection c, List<Reading> rows) throws SQLException {
        if (mode == Mode.BATCHED_INSERT) return insertBatch(c, rows);
        if (scalars == null) {
            scalars = new CopyBuffer();
            waves = new CopyBuffer();
        }
        scalars.reset();
        waves.reset();
        for (Reading r : rows) {
            if (r.isWaveform()) {
                waves.row(6)
                        .text(r.plant())
                        .text(r.asset())
                        .text(r.waveformSensor())
                        .timestampMillis(r.ts())
                        .float8(r.rateHz())
                        .float4Array(r.samples());
            } else {
                String[] sensors = r.sensors();
                double[] values = r.values();
                for (int i = 0; i < sensors.length; i++) {
                    scalars.row(5)
                            .text(r.plant())
                            .text(r.asset())
                            .text(sensors[i])
                            .timestampMillis(r.ts())
                            .float8(values[i]);
                }
            }
        }
        long n = 0;
        n += store(c, scalars, "readings", READING_COLUMNS, "ON CONFLICT (asset, sensor, ts) DO NOTHING");
        n += store(c, waves, "waveforms", WAVEFORM_COLUMNS, "ON CONFLICT (asset, sensor, ts) DO NOTHING");
        return n;
    }

    private long store(Connection c, CopyBuffer buf, String table, String columns, String onConflict)
            throws SQLException {
        if (buf.rows() == 0) return 0;
        return mode == Mode.OPTIMISTIC_COPY
                ? Staging.optimistic(c, buf, table, columns, onConflict)
                : Staging.staged(c, buf, table, columns, onConflict);
    }

    private long insertBatch(Connection c, List<Reading> rows) throws SQLException {
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO readings (" + READING_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (asset, sensor, ts) DO NOTHING");
                PreparedStatement pw = c.prepareStatement("INSERT INTO waveforms (" + WAVEFORM_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (asset, sensor, ts) DO NOTHING")) {
            boolean anyScalar = false;
            boolean anyWave = false;
            for (Reading r : rows) {
                Timestamp ts = new Timestamp(r.ts());
                if (r.isWaveform()) {
                    Float[] boxed = new Float[r.samples().length];
                    for (int i = 0; i < boxed.length; i++) boxed[i] = r.samples()[i];
                    pw.setString(1, r.plant());
                    pw.setString(2, r.asset());
                    pw.setString(3, r.waveformSensor());
                    pw.setTimestamp(4, ts);
                    pw.setDouble(5, r.rateHz());
                    pw.setArray(6, c.createArrayOf("float4", boxed));
                    pw.addBatch();
                    anyWave = true;
                    continue;
                }
                for (int i = 0; i < r.sensors().length; i++) {
                    ps.setString(1, r.plant());
                    ps.setString(2, r.asset());
                    ps.setString(3, r.sensors()[i]);
                    ps.setTimestamp(4, ts);
                    ps.setDouble(5, r.values()[i]);
                    ps.addBatch();
                    anyScalar = true;
                }
            }
            if (anyScalar) n += sum(ps.executeBatch());
            if (anyWave) n += sum(pw.executeBatch());
        }
        return n;
    }

    private static long sum(int[] counts) {
        long n = 0;
        // reWriteBatchedInserts reports SUCCESS_NO_INFO (-2) per statement: count it as unknown (0).
        for (int k : counts) if (k > 0) n += k;
        return n;
    }
}
