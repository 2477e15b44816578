package io.pdm.alerting.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.alerting.AlertState;
import io.pdm.schemas.alerting.MaintenanceEventData;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * The topology's writers of the contracts' JSON: an alert's state (store, changelog, {@code alerts-state.v1}) and a
 * maintenance event's {@code data}, byte for byte what {@link AlertJson#toBytes} writes (StateJsonTest), cheaper:
 *
 * <ul>
 *   <li>an {@link ObjectWriter} per type, made once, instead of the mapper finding the root serializer per call;
 *   <li>instants written by {@link #iso} rather than {@code DateTimeFormatter.ISO_INSTANT}: a state carries a dozen
 *       (history, activations, facts) and formatting them was a quarter of encoding one (docs/results/alerting.md).
 * </ul>
 */
final class StateJson {
    private static final ObjectWriter STATE;
    private static final ObjectWriter DATA;

    static {
        SimpleModule instants = new SimpleModule("pdm-iso-instants").addSerializer(Instant.class, new Iso());
        var mapper = AlertJson.mapper().copy().registerModule(instants);
        STATE = mapper.writerFor(AlertState.class);
        DATA = mapper.writerFor(MaintenanceEventData.class);
    }

    private StateJson() {}

    static byte[] state(AlertState s) {
        return write(STATE, s);
    }

    static byte[] data(MaintenanceEventData d) {
        return write(DATA, d);
    }

    private static byte[] write(ObjectWriter w, Object value) {
        try {
            return w.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The last second of year 9999: ISO_INSTANT's plain four-digit years end there. */
    private static final long LAST_PLAIN = 253_402_300_799L;

    /**
     * {@code DateTimeFormatter.ISO_INSTANT.format(t)}: {@code yyyy-MM-ddTHH:mm:ssZ} with the fraction in groups of
     * three digits, as many as it needs; instants before 1970 or after 9999 go to ISO_INSTANT itself.
     */
    static String iso(Instant t) {
        long s = t.getEpochSecond();
        if (s < 0 || s > LAST_PLAIN) return DateTimeFormatter.ISO_INSTANT.format(t);
        char[] c = new char[30];
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
        return new String(c, 0, n);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static final class Iso extends StdSerializer<Instant> {
        Iso() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeString(iso(value));
        }
    }
}
