package io.pdm.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The file-level checks of a CSV import: strict UTF-8 without a byte order mark, and a header whose columns are
 * exactly the mapped ones (an unknown column is reported, not silently dropped: it may hold what the sender
 * meant to import).
 */
final class CsvText {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CsvText() {}

    /** The body as text; a BOM or a byte sequence that is not UTF-8 rejects the whole file with where it is. */
    static String decode(byte[] body) {
        if (body.length >= 3 && Arrays.equals(body, 0, 3, BOM, 0, 3)) {
            throw reject(null, "the CSV starts with a UTF-8 byte order mark (EF BB BF); export UTF-8 without a BOM");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) if (body[i] == '\n') line++;
            throw reject(
                    null,
                    "the CSV is not valid UTF-8: byte " + at + " (line " + line + ") starts a malformed sequence 0x"
                            + String.format("%02X", body[at] & 0xFF));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The mapped id, ts and text columns must be there, and every column must be one the mapping names. */
    static void checkHeader(Map<String, Integer> header, IngestConfig.CsvMapping m) {
        for (String col : new String[] {m.id(), m.ts(), m.text()}) {
            if (header == null || !header.containsKey(col)) {
                throw reject(
                        col,
                        "CSV header lacks the mapped column '" + col + "' (header: "
                                + (header == null ? "none" : header.keySet()) + ")");
            }
        }
        List<String> known = Stream.of(m.id(), m.asset(), m.ts(), m.action(), m.component(), m.technician(), m.text())
                .filter(Objects::nonNull)
                .toList();
        List<String> unknown = new ArrayList<>();
        for (String col : header.keySet()) if (!known.contains(col)) unknown.add(col);
        if (!unknown.isEmpty()) {
            throw new CsvImporter.CsvException(new Rejection(
                    RejectReason.SCHEMA_VIOLATION,
                    unknown.get(0),
                    "CSV has column(s) " + unknown + " that the import mapping does not know; the mapped columns are "
                            + known));
        }
    }

    private static CsvImporter.CsvException reject(String field, String detail) {
        return new CsvImporter.CsvException(new Rejection(RejectReason.UNPARSABLE_CSV, field, detail));
    }
}
