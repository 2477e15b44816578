package io.pdm.features.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Encoder for PostgreSQL's binary COPY format: a growable byte array the rows are written into,
 * then streamed with PgJDBC's CopyManager. Binary instead of text COPY because the server then
 * skips parsing timestamps and floats, which is most of a text COPY's CPU for narrow rows.
 * Not thread-safe; reuse one per writer ({@link #reset()}).
 */
public final class CopyBuffer {
    private static final byte[] HEADER = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };
    /** Microseconds between the Unix epoch and PostgreSQL's epoch (2000-01-01 UTC). */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private static final int FLOAT4_OID = 700;
    private static final int CHUNK = 1 << 16;

    private byte[] buf = new byte[1 << 16];
    private int pos;
    private long rows;

    public CopyBuffer() {
        reset();
    }

    /** Clears the buffer and writes the COPY header. */
    public CopyBuffer reset() {
        pos = 0;
        rows = 0;
        ensure(HEADER.length);
        System.arraycopy(HEADER, 0, buf, 0, HEADER.length);
        pos = HEADER.length;
        return this;
    }

    public long rows() {
        return rows;
    }

    /** Starts a row of {@code fields} columns. */
    public CopyBuffer row(int fields) {
        rows++;
        return i16(fields);
    }

    public CopyBuffer text(String s) {
        if (s == null) return nul();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        i32(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** A timestamptz from epoch milliseconds. */
    public CopyBuffer timestampMillis(long epochMillis) {
        i32(8);
        return i64(epochMillis * 1000L - PG_EPOCH_MICROS);
    }

    public CopyBuffer float8(double v) {
        i32(8);
        return i64(Double.doubleToRawLongBits(v));
    }

    /** A float8 that may be null. */
    public CopyBuffer float8(Double v) {
        return v == null ? nul() : float8(v.doubleValue());
    }

    public CopyBuffer int4(int v) {
        i32(4);
        return i32(v);
    }

    /** A jsonb value from its JSON text (binary jsonb is a version byte, 1, then the text). */
    public CopyBuffer jsonb(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        i32(b.length + 1);
        ensure(b.length + 1);
        buf[pos++] = 1;
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** A one-dimensional real[] without nulls. */
    public CopyBuffer float4Array(float[] a) {
        i32(20 + 8 * a.length);
        i32(1).i32(0).i32(FLOAT4_OID).i32(a.length).i32(1);
        ensure(8 * a.length);
        for (float f : a) {
            i32(4);
            i32(Float.floatToRawIntBits(f));
        }
        return this;
    }

    public CopyBuffer nul() {
        return i32(-1);
    }

    /** Streams the rows plus the trailer as {@code copySql} (a {@code COPY ... FROM STDIN (FORMAT binary)}). */
    public long copyTo(Connection c, String copySql) throws SQLException {
        i16(-1);
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            for (int off = 0; off < pos; off += CHUNK) {
                in.writeToCopy(buf, off, Math.min(CHUNK, pos - off));
            }
            return in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
            pos -= 2; // drop the trailer so a retry can stream the same rows again
        }
    }

    private CopyBuffer i16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    private CopyBuffer i32(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    private CopyBuffer i64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) buf[pos++] = (byte) (v >>> shift);
        return this;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            byte[] nb = new byte[Math.max(buf.length * 2, pos + n)];
            System.arraycopy(buf, 0, nb, 0, pos);
            buf = nb;
        }
    }
}
