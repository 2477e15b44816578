package io.pdm.alerting.topology;

import java.nio.charset.StandardCharsets;

/**
 * Reads Avro's binary encoding (zig-zag varints, length-prefixed UTF-8 strings, little-endian doubles, blocked
 * arrays) straight from a byte array, remembering where it is: what {@link CandidateReader} needs to read a
 * candidate's routing fields, note where its facts start and skip the rest, without Avro's datum reader building
 * every string of the record. Any malformed or truncated input throws {@link IllegalArgumentException} (the reader
 * then decodes with Avro itself, for its message).
 */
final class AvroCursor {
    private final byte[] b;
    private int pos;

    AvroCursor(byte[] bytes, int pos) {
        this.b = bytes;
        this.pos = pos;
    }

    int pos() {
        return pos;
    }

    long readLong() {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = next();
            raw |= (long) (x & 0x7f) << shift;
            if (x >= 0) return (raw >>> 1) ^ -(raw & 1);
        }
        throw new IllegalArgumentException("varint too long");
    }

    int readInt() {
        long v = readLong();
        if (v != (int) v) throw new IllegalArgumentException("int out of range");
        return (int) v;
    }

    boolean readBoolean() {
        byte x = next();
        if (x != 0 && x != 1) throw new IllegalArgumentException("not a boolean");
        return x == 1;
    }

    double readDouble() {
        need(8);
        long bits = 0;
        for (int i = 7; i >= 0; i--) bits = (bits << 8) | (b[pos + i] & 0xffL);
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    /** A string's length, leaving the cursor on its first byte. */
    int stringLength() {
        long n = readLong();
        if (n < 0 || n > b.length - pos) throw new IllegalArgumentException("string length " + n);
        return (int) n;
    }

    String readString() {
        int n = stringLength();
        String s = new String(b, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    void skip(int n) {
        need(n);
        pos += n;
    }

    void skipString() {
        skip(stringLength());
    }

    /** The branch of a {@code ["null", T]} union: true for T. */
    boolean present() {
        long i = readLong();
        if (i != 0 && i != 1) throw new IllegalArgumentException("union branch " + i);
        return i == 1;
    }

    /**
     * The item count of the next block of an array (0 at its end); a negative count is followed by the block's size
     * in bytes, which is read and ignored here.
     */
    long arrayBlock() {
        long n = readLong();
        if (n < 0) {
            readLong();
            n = -n;
        }
        if (n > b.length - pos) throw new IllegalArgumentException("array block of " + n); // every item >= 1 byte
        return n;
    }

    private byte next() {
        if (pos >= b.length) throw new IllegalArgumentException("truncated");
        return b[pos++];
    }

    private void need(int n) {
        if (n < 0 || n > b.length - pos) throw new IllegalArgumentException("truncated");
    }
}
