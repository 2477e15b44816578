package io.pdm.alerting.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.alerting.lifecycle.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scanner answers "accepted" only for sheets Jackson's check accepts (so the check's outcome cannot change), and
 * does answer it for the sheets inference writes (so it is the fast path in practice).
 */
class PlainSheetScanTest {
    private static final String T = CandidateReaderTest.T;
    /** Bytes mutations draw from: JSON's structure, what numbers and literals are made of, and what is not plain. */
    private static final byte[] NOISE =
            "{}[],:\" \t\n\r\\-+.eE0123456789ntfrualsx/#'\u007f".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void acceptsOnlyWhatTheCheckAcceptsOnRandomAndMutatedSheets() {
        Random random = new Random(7);
        PlainSheetScan scan = new PlainSheetScan();
        int accepted = 0, generated = 0, refusedByCheck = 0;
        for (int i = 0; i < 60_000; i++) {
            byte[] sheet = sheet(random).getBytes(StandardCharsets.UTF_8);
            if (i % 3 != 0) sheet = mutate(random, sheet);
            else generated++;
            int off = random.nextInt(3); // the sheet sits inside a candidate's bytes
            byte[] inRecord = new byte[off + sheet.length + 2];
            Arrays.fill(inRecord, (byte) '}');
            System.arraycopy(sheet, 0, inRecord, off, sheet.length);
            boolean fast = scan.accepts(inRecord, off, sheet.length);
            boolean check = checks(inRecord, off, sheet.length);
            if (fast) {
                accepted++;
                assertThat(check)
                        .as(new String(sheet, StandardCharsets.ISO_8859_1))
                        .isTrue();
            }
            if (!check) refusedByCheck++;
        }
        assertThat(accepted).as("sheets the fast path took").isGreaterThan(generated / 2);
        assertThat(refusedByCheck).as("the mutations reach refusals").isGreaterThan(10_000);
    }

    @Test
    void takesTheSheetsInferenceWritesAndLeavesOddOnesToTheCheck() {
        PlainSheetScan scan = new PlainSheetScan();
        String inference = "{\"reason\":\"remaining life below threshold\",\"measurements\":[{\"channel\":"
                + "\"vibration.rms\",\"value\":6.2,\"unit\":\"mm/s\",\"time\":\"" + T + "\",\"limit\":7.1},"
                + "{\"channel\":\"temperature_c.mean\",\"value\":68.0,\"unit\":\"C\",\"time\":\"" + T + "\"}]}";
        assertThat(accepts(scan, inference)).isTrue();
        assertThat(accepts(scan, " {\n\t\"measurements\" : [ ] , \"reason\" : null }"))
                .isTrue();
        for (String sheet : CandidateReaderTest.SHEETS) {
            byte[] b = sheet.getBytes(StandardCharsets.UTF_8);
            if (scan.accepts(b, 0, b.length))
                assertThat(checks(b, 0, b.length)).as(sheet).isTrue();
        }
        // each of these is accepted by the check but not plain, or refused: the check decides
        for (String odd : new String[] {
            "{\"reason\":\"caf\u00e9\"}",
            "{\"reason\":\"a\\nb\"}",
            "{\"reason\":\"a\tb\"}",
            "\u00ef\u00bb\u00bf{}",
            "{\"a\":01}",
            "{\"a\":1.}",
            "{\"a\":[1,]}",
            "{\"a\":1,}",
            "{\"a\":NaN}",
            "{\"a\":tru}",
            "{/*c*/}",
            "{\"measurements\":[{\"channel\":\"a\",\"value\":1,\"time\":\"x\"}]}",
            "{\"measurements\":[{\"channel\":\"a\",\"value\":1}]}",
            "{\"measurements\":[{\"channel\":\"a\",\"value\":-1e5,\"time\":1}]}"
        }) {
            assertThat(accepts(scan, odd)).as(odd).isFalse();
        }
    }

    private static boolean accepts(PlainSheetScan scan, String sheet) {
        byte[] b = sheet.getBytes(StandardCharsets.UTF_8);
        return scan.accepts(b, 0, b.length);
    }

    private static boolean checks(byte[] b, int off, int len) {
        try {
            FactSheets.check(b, off, len);
            return true;
        } catch (Rejected e) {
            return false;
        }
    }

    /** A sheet like inference's, with random extra members, odd values, duplicates and whitespace. */
    private static String sheet(Random r) {
        StringBuilder s = new StringBuilder("{");
        int members = r.nextInt(4);
        for (int m = 0; m < members; m++) {
            if (m > 0) s.append(',').append(ws(r));
            switch (r.nextInt(4)) {
                case 0 -> s.append("\"reason\":").append(ws(r)).append(value(r, 0));
                case 1, 2 -> {
                    s.append("\"measurements\"").append(ws(r)).append(":[");
                    int n = r.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        if (i > 0) s.append(',');
                        s.append(r.nextInt(8) == 0 ? value(r, 1) : measurement(r));
                    }
                    s.append(']');
                }
                default -> s.append("\"x").append(r.nextInt(3)).append("\":").append(value(r, 0));
            }
        }
        return s.append(ws(r)).append('}').toString();
    }

    private static String measurement(Random r) {
        StringBuilder s = new StringBuilder("{");
        String[] fields = {"channel", "value", "time", "unit", "limit", "zone", "time", "channel"};
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0) s.append(',');
            String f = i < 3 && r.nextInt(5) > 0 ? fields[i] : fields[r.nextInt(fields.length)];
            String v = switch (f) {
                case "time" ->
                    r.nextInt(4) > 0 ? "\"" + T + "\"" : r.nextBoolean() ? "\"2026-13-01T00:00:00Z\"" : value(r, 2);
                case "value", "limit" -> r.nextInt(4) > 0 ? number(r) : value(r, 2);
                default -> r.nextInt(4) > 0 ? "\"c" + r.nextInt(10) + "\"" : value(r, 2);
            };
            s.append(ws(r)).append('"').append(f).append("\":").append(ws(r)).append(v);
        }
        return s.append('}').toString();
    }

    private static String value(Random r, int depth) {
        int k = r.nextInt(depth > 3 ? 5 : 7);
        return switch (k) {
            case 0 -> "null";
            case 1 -> r.nextBoolean() ? "true" : "false";
            case 2 -> number(r);
            case 3 -> "\"" + T + "\"";
            case 4 -> "\"text " + r.nextInt(100) + "\"";
            case 5 -> "[" + value(r, depth + 1) + (r.nextBoolean() ? "," + value(r, depth + 1) : "") + "]";
            default -> "{\"value\":" + value(r, depth + 1) + ",\"time\":" + value(r, depth + 1) + "}";
        };
    }

    private static String number(Random r) {
        String[] forms = {"0", "-0", "7", "68.0", "-12.5", "1e5", "2.5E-3", "1234567890123", "0.000001", "9E+2"};
        return forms[r.nextInt(forms.length)];
    }

    private static String ws(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n\t ";
            default -> "";
        };
    }

    /** One to three byte replacements, insertions, deletions or a truncation. */
    private static byte[] mutate(Random r, byte[] b) {
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n && b.length > 0; i++) {
            int at = r.nextInt(b.length);
            byte x = r.nextInt(20) == 0 ? (byte) r.nextInt(256) : NOISE[r.nextInt(NOISE.length)];
            switch (r.nextInt(4)) {
                case 0 -> b[at] = x;
                case 1 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = x;
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                case 2 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }
}
