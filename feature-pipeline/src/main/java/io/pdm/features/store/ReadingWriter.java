package io.pdm.features.store;

import io.pdm.features.flink.Conversions;
import io.pdm.features.records.DeadLetter;
import io.pdm.features.records.Reading;
import io.pdm.schemas.AvroCodec;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.TelemetryRecord;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes telemetry: each scalar snapshot becomes one {@code readings} row per sensor, each waveform
 * block one {@code waveforms} row. Idempotent on (asset, sensor, ts) with ON CONFLICT DO NOTHING:
 * the first value stored for a key wins, which is what a replay needs.
 *
 * <p>A repeat with the <em>same</em> value is an idempotent duplicate (a replay, a QoS-1 resend) and
 * stays one row. A <em>different</em> value for a stored key (two readings in one millisecond, a
 * device re-sending a corrected value) is not stored either, but it is never dropped silently: it
 * goes to {@link Rejections} as {@link Rejections#CONFLICTING_DUPLICATE}, before the batch commits.
 * Only a batch that met a duplicate key pays for the check: the direct COPY succeeds otherwise.
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
    private final Rejections rejections;
    private transient CopyBuffer scalars;
    private transient CopyBuffer waves;
    private transient AvroCodec<TelemetryRecord> codec;

    /** Optimistic COPY; conflicting values are logged (the plant job passes its dead-letter topic). */
    public ReadingWriter() {
        this(Mode.OPTIMISTIC_COPY);
    }

    public ReadingWriter(Mode mode) {
        this(mode, Rejections.logging());
    }

    public ReadingWriter(Mode mode, Rejections rejections) {
        this.mode = mode;
        this.rejections = rejections;
    }

    @Override
    public void close() {
        rejections.close();
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
        List<DeadLetter> rejected = new ArrayList<>();
        if (mode == Mode.BATCHED_INSERT) {
            n = insertBatch(c, rows);
            // The comparison runs against the stage, so this mode stages a copy as well.
            if (scalars.rows() > 0) Staging.copyToStage(c, scalars, "readings", READING_COLUMNS);
            if (waves.rows() > 0) Staging.copyToStage(c, waves, "waveforms", WAVEFORM_COLUMNS);
            conflicts(c, scalars.rows() > 0, waves.rows() > 0, rejected);
        } else {
            boolean scalarsStaged = false, wavesStaged = false;
            long k = store(c, scalars, "readings", READING_COLUMNS);
            if (k < 0) {
                scalarsStaged = true;
                k = Staging.staged(c, scalars, "readings", READING_COLUMNS, ON_CONFLICT);
            }
            n += k;
            k = store(c, waves, "waveforms", WAVEFORM_COLUMNS);
            if (k < 0) {
                wavesStaged = true;
                k = Staging.staged(c, waves, "waveforms", WAVEFORM_COLUMNS, ON_CONFLICT);
            }
            n += k;
            conflicts(c, scalarsStaged, wavesStaged, rejected);
        }
        if (!rejected.isEmpty()) {
            try {
                rejections.reject(rejected);
            } catch (IOException e) {
                // Transient for the sink writer: the batch rolls back and is written again.
                throw new SQLTransientException(
                        "dead-lettering " + rejected.size() + " conflicting readings failed", e);
            }
        }
        return n;
    }

    private static final String ON_CONFLICT = "ON CONFLICT (asset, sensor, ts) DO NOTHING";

    /** Direct COPY (OPTIMISTIC_COPY) or -1 meaning "take the staged path" (STAGED_COPY, or a duplicate key). */
    private long store(Connection c, CopyBuffer buf, String table, String columns) throws SQLException {
        if (buf.rows() == 0) return 0;
        return mode == Mode.OPTIMISTIC_COPY ? Staging.direct(c, buf, table, columns) : -1;
    }

    /**
     * The staged rows whose key is stored with another value: after the ON CONFLICT DO NOTHING
     * insert, the stored row is the first value, so any staged row that differs from it was not
     * stored. Identical repeats match and are not reported.
     */
    private void conflicts(Connection c, boolean scalarsStaged, boolean wavesStaged, List<DeadLetter> out)
            throws SQLException {
        long now = System.currentTimeMillis();
        try (Statement st = c.createStatement()) {
            if (scalarsStaged) {
                try (ResultSet rs = st.executeQuery("SELECT s.plant, s.asset, s.sensor, s.ts, s.value, r.value FROM "
                        + Staging.stageName("readings") + " s JOIN readings r"
                        + " ON r.asset = s.asset AND r.sensor = s.sensor AND r.ts = s.ts"
                        + " WHERE r.value IS DISTINCT FROM s.value")) {
                    while (rs.next()) {
                        String plant = rs.getString(1), asset = rs.getString(2), sensor = rs.getString(3);
                        long ts = rs.getTimestamp(4).getTime();
                        double value = rs.getDouble(5);
                        Reading r = Reading.scalar(plant, asset, ts, now, new String[] {sensor}, new double[] {value});
                        out.add(letter(
                                r,
                                now,
                                "sensor " + sensor + " at " + Instant.ofEpochMilli(ts) + ": value "
                                        + value + " differs from the stored " + rs.getDouble(6)
                                        + " for the same asset, sensor and millisecond; the first value stays stored"));
                    }
                }
            }
            if (wavesStaged) {
                try (ResultSet rs = st.executeQuery("SELECT s.plant, s.asset, s.sensor, s.ts, s.rate_hz, s.samples,"
                        + " w.rate_hz, cardinality(w.samples) FROM " + Staging.stageName("waveforms")
                        + " s JOIN waveforms w ON w.asset = s.asset AND w.sensor = s.sensor AND w.ts = s.ts"
                        + " WHERE (w.rate_hz, w.samples) IS DISTINCT FROM (s.rate_hz, s.samples)")) {
                    while (rs.next()) {
                        String plant = rs.getString(1), asset = rs.getString(2), sensor = rs.getString(3);
                        long ts = rs.getTimestamp(4).getTime();
                        double rate = rs.getDouble(5);
                        float[] samples = floats(rs.getArray(6));
                        Reading r = Reading.waveform(plant, asset, ts, now, sensor, rate, samples);
                        out.add(
                                letter(
                                        r,
                                        now,
                                        "waveform " + sensor + " at " + Instant.ofEpochMilli(ts) + ": a block of "
                                                + samples.length + " samples at " + rate
                                                + " Hz differs from the stored block of "
                                                + rs.getInt(8) + " samples at " + rs.getDouble(7)
                                                + " Hz for the same asset, sensor and millisecond; the first block stays stored"));
                    }
                }
            }
        }
    }

    /** The rejected values as a TelemetryRecord (single-object Avro), so the letter can be re-sent as is. */
    private DeadLetter letter(Reading r, long now, String detail) {
        if (codec == null) codec = AvroCodec.of(TelemetryRecord.class);
        return new DeadLetter(
                r.plant(),
                r.asset(),
                "kafka:" + Topics.telemetry(r.plant()),
                Rejections.CONFLICTING_DUPLICATE,
                detail,
                now,
                codec.encode(Conversions.toAvro(r)));
    }

    private static float[] floats(Array a) throws SQLException {
        Object[] boxed = (Object[]) a.getArray();
        float[] f = new float[boxed.length];
        for (int i = 0; i < f.length; i++) f[i] = ((Number) boxed[i]).floatValue();
        return f;
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
