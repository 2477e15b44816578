package io.pdm.ingest;

import io.pdm.schemas.avro.LogSource;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Imports a maintenance system's CSV export: columns are found by header name
 * ({@link IngestConfig.CsvMapping}), each row is validated like a REST entry, deduplicated by id and
 * sent to Kafka; rejected rows go to the plant's DLQ (source {@code csv:{file}:{line}}, payload the
 * row's original text) and into the report with their 1-based line number in the file.
 */
public final class CsvImporter {
    /** One rejected row. */
    public record RowRejection(long line, RejectReason reason, String field, String detail) {}

    /** What an import did; complete only after Kafka acknowledged every record it sent. */
    public record Report(int imported, int duplicates, List<RowRejection> rejected) {}

    /** The CSV itself cannot be read (bad quoting, missing mapped column). */
    public static final class CsvException extends RuntimeException {
        private final Rejection rejection;

        CsvException(Rejection rejection) {
            super(rejection.detail());
            this.rejection = rejection;
        }

        public Rejection rejection() {
            return rejection;
        }
    }

    private final MaintenanceIntake intake;
    private final IngestConfig.CsvMapping mapping;
    private final DateTimeFormatter tsFormat;

    public CsvImporter(MaintenanceIntake intake, IngestConfig.CsvMapping mapping) {
        this.intake = intake;
        this.mapping = mapping;
        this.tsFormat = mapping.tsPattern() == null
                ? DateTimeFormatter.ISO_OFFSET_DATE_TIME
                : DateTimeFormatter.ofPattern(strictYears(mapping.tsPattern()))
                        .withResolverStyle(ResolverStyle.STRICT)
                        .withZone(ZoneId.of(mapping.zone()));
    }

    /**
     * Imports {@code body} (UTF-8, optional BOM) for {@code plant}. {@code defaultAsset} is used when
     * the mapping has no asset column or a row leaves it empty. Throws {@link CsvException} when the
     * file as a whole is unusable (nothing is sent then).
     */
    public CompletableFuture<Report> importCsv(String plant, String defaultAsset, String file, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        long now = System.currentTimeMillis();
        PayloadValidator validator = intake.validator();
        List<CSVRecord> records = new ArrayList<>();
        Map<String, Integer> header;
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(mapping.delimiter())
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            header = parser.getHeaderMap();
            for (CSVRecord r : parser) records.add(r);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new CsvException(
                    new Rejection(RejectReason.UNPARSABLE_CSV, null, "CSV cannot be read: " + e.getMessage()));
        }
        for (String col : new String[] {mapping.id(), mapping.ts(), mapping.text()}) {
            if (header == null || !header.containsKey(col)) {
                throw new CsvException(new Rejection(
                        RejectReason.UNPARSABLE_CSV,
                        col,
                        "CSV header lacks the mapped column '" + col + "' (header: "
                                + (header == null ? "none" : header.keySet()) + ")"));
            }
        }
        int[] lineStarts = lineStarts(text);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        List<RowRejection> rejected = new ArrayList<>();
        AtomicInteger imported = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        for (int i = 0; i < records.size(); i++) {
            CSVRecord r = records.get(i);
            long line = lineOf(lineStarts, r.getCharacterPosition());
            intake.metrics().received();
            String asset = orDefault(get(r, mapping.asset()), defaultAsset);
            Outcome<MaintenanceLogRecord> o;
            Instant ts = null;
            String rawTs = get(r, mapping.ts());
            if (asset == null) {
                o = Outcome.rejected(
                        RejectReason.SCHEMA_VIOLATION,
                        "asset",
                        "row has no asset (column '" + mapping.asset() + "' empty and no asset parameter)");
            } else if (rawTs == null) {
                o = Outcome.rejected(
                        RejectReason.SCHEMA_VIOLATION,
                        "ts",
                        "missing required field 'ts' (column '" + mapping.ts() + "')");
            } else {
                try {
                    ts = tsFormat.parse(rawTs, Instant::from);
                    o = null;
                } catch (DateTimeParseException e) {
                    o = Outcome.rejected(
                            RejectReason.INVALID_TIMESTAMP,
                            "ts",
                            "ts '" + rawTs + "' does not match "
                                    + (mapping.tsPattern() == null
                                            ? "ISO-8601 with offset"
                                            : "pattern '" + mapping.tsPattern() + "'"));
                }
            }
            if (o == null) {
                o = validator.maintenance(
                        plant,
                        asset,
                        get(r, mapping.id()),
                        ts,
                        get(r, mapping.action()),
                        get(r, mapping.component()),
                        get(r, mapping.technician()),
                        get(r, mapping.text()),
                        LogSource.CSV,
                        now);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            sends.add(f);
            if (o.isOk()) {
                intake.submit(o.value(), (status, e) -> {
                    if (e != null) {
                        f.completeExceptionally(e);
                        return;
                    }
                    (status == MaintenanceIntake.Status.DUPLICATE ? duplicates : imported).incrementAndGet();
                    f.complete(null);
                });
            } else {
                Rejection rej = o.rejection();
                rejected.add(new RowRejection(line, rej.reason(), rej.field(), rej.detail()));
                int end = i + 1 < records.size() ? (int) records.get(i + 1).getCharacterPosition() : text.length();
                byte[] raw = text.substring((int) r.getCharacterPosition(), end)
                        .stripTrailing()
                        .getBytes(StandardCharsets.UTF_8);
                intake.sink().deadLetter(plant, asset, "csv:" + file + ":" + line, rej, raw, now, e -> {
                    if (e != null) f.completeExceptionally(e);
                    else f.complete(null);
                });
            }
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .thenApply(v -> new Report(imported.get(), duplicates.get(), List.copyOf(rejected)));
    }

    /**
     * Dates are resolved strictly (31.02. is an error, not 28.02.); STRICT needs 'u' (proleptic year)
     * instead of 'y' (year of era), so unquoted 'y' letters are translated.
     */
    static String strictYears(String pattern) {
        StringBuilder b = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (char ch : pattern.toCharArray()) {
            if (ch == '\'') quoted = !quoted;
            b.append(!quoted && ch == 'y' ? 'u' : ch);
        }
        return b.toString();
    }

    private static String get(CSVRecord r, String column) {
        if (column == null || !r.isMapped(column) || !r.isSet(column)) return null;
        String v = r.get(column);
        return v.isEmpty() ? null : v;
    }

    private static String orDefault(String v, String dflt) {
        return v != null ? v : dflt;
    }

    /** Offsets where each line starts, for turning a record's character position into a line number. */
    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) starts = Arrays.copyOf(starts, n * 2);
                starts[n++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, n);
    }

    private static long lineOf(int[] starts, long pos) {
        int i = Arrays.binarySearch(starts, (int) pos);
        return (i >= 0 ? i : -i - 2) + 1L;
    }
}
