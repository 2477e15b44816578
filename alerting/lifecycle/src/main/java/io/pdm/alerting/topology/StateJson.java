package io.pdm.alerting.topology;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.alerting.AlertState;
import io.pdm.schemas.alerting.MaintenanceEventData;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The topology's writers of the contracts' JSON: an alert's state (store, changelog, {@code alerts-state.v1}) and a
 * maintenance event's {@code data}, byte for byte what {@link AlertJson#toBytes} writes (StateJsonTest), cheaper:
 *
 * <ul>
 *   <li>written field by field on the streaming generator ({@link ContractWriter}) instead of databind, whose
 *       reflective property access was a third of writing a state (docs/results/alerting.md);
 *   <li>into a per-thread buffer that is reused, so a write allocates its result and little else;
 *   <li>instants written by {@link #iso} rather than {@code DateTimeFormatter.ISO_INSTANT}: a state carries a dozen
 *       (history, activations, facts) and formatting them was a quarter of encoding one.
 * </ul>
 */
final class StateJson {
    /** The generator comes from the contract mapper, so it has the mapper's output settings. */
    private static final ObjectMapper MAPPER = AlertJson.mapper();

    /** The longest text {@link #iso(Instant, char[])} writes: {@code 9999-12-31T23:59:59.999999999Z}. */
    static final int ISO_MAX = 30;

    /** The bytes written on this thread, reused from one write to the next (one stream thread writes them all). */
    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);

    private StateJson() {}

    static byte[] state(AlertState s) {
        return write(w -> w.state(s), "AlertState");
    }

    static byte[] data(MaintenanceEventData d) {
        return write(w -> w.data(d), "MaintenanceEventData");
    }

    static byte[] event(MaintenanceEvents.Envelope e, MaintenanceEventData d) {
        return write(w -> w.event(e, d), "maintenance event");
    }

    private interface Body {
        void write(ContractWriter w) throws IOException;
    }

    private static byte[] write(Body body, String what) {
        Buffer out = BUFFER.get().reset();
        try (JsonGenerator g = MAPPER.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(new ContractWriter(g));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + what + " as JSON", e);
        }
        return out.bytes();
    }

    /** A growable byte sink kept per thread: the generator flushes its own buffer into it once, at close. */
    private static final class Buffer extends OutputStream {
        private byte[] buf = new byte[4096];
        private int n;

        Buffer reset() {
            n = 0;
            return this;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, n);
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        private void ensure(int more) {
            if (n + more > buf.length) buf = Arrays.copyOf(buf, Math.max(2 * buf.length, n + more));
        }
    }

    /** The last second of year 9999: ISO_INSTANT's plain four-digit years end there. */
    private static final long LAST_PLAIN = 253_402_300_799L;

    /**
     * {@code DateTimeFormatter.ISO_INSTANT.format(t)}: {@code yyyy-MM-ddTHH:mm:ssZ} with the fraction in groups of
     * three digits, as many as it needs; instants before 1970 or after 9999 go to ISO_INSTANT itself.
     */
    static String iso(Instant t) {
        char[] c = new char[ISO_MAX];
        int n = iso(t, c);
        return n < 0 ? DateTimeFormatter.ISO_INSTANT.format(t) : new String(c, 0, n);
    }

    /**
     * The text of {@link #iso(Instant)} into {@code c} (at least {@link #ISO_MAX} long), returning its length; -1 for
     * an instant before 1970 or after 9999, which the caller formats with ISO_INSTANT.
     */
    static int iso(Instant t, char[] c) {
        long s = t.getEpochSecond();
        if (s < 0 || s > LAST_PLAIN) return -1;
        LocalDate d = LocalDate.ofEpochDay(s / 86_400);
        int sod = (int) (s % 86_400);
        digits(c, 0, d.getYear(), 4);
        c[4] = '-';
        digits(c, 5, d.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, d.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, sod / 3600, 2);
        c[13] = ':';
        digits(c, 14, sod / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, sod % 60, 2);
        int n = 19, nano = t.getNano();
        if (nano > 0) {
            c[n++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(c, n, nano / 1_000_000, 3);
                n += 3;
            } else if (nano % 1_000 == 0) {
                digits(c, n, nano / 1_000, 6);
                n += 6;
            } else {
                digits(c, n, nano, 9);
                n += 9;
            }
        }
        c[n++] = 'Z';
        return n;
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
