package io.pdm.ingest;

import io.pdm.schemas.avro.LogSource;
import io.pdm.schemas.avro.MaintenanceLogRecord;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
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
 * Imports a maintenance system's CSV export, all or nothing: columns are found by header name
 * ({@link IngestConfig.CsvMapping}), each row is validated like a REST entry; only when every row is valid are
 * they deduplicated by id and sent to Kafka. Otherwise nothing is sent and the caller gets every rejected row
 * with its 1-based line number in the file, so a corrected file can be sent again as a whole (the answer is the
 * caller's record of what failed, so rows are not dead-lettered). If Kafka fails part-way, the caller gets an
 * error and sends the file again: ids are deduplicated here and stored once downstream.
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
     * Imports {@code body} (UTF-8 without a byte order mark) for {@code plant}, all or nothing: every row is
     * validated before anything is sent. If any row is rejected, nothing is sent and the report lists every
     * rejected row (its {@code imported} is 0); otherwise every row goes to Kafka and the report completes once
     * Kafka acknowledged all of them. {@code defaultAsset} is used when the mapping has no asset column or a row
     * leaves it empty. Throws {@link CsvException} when the file as a whole is unusable: a byte order mark,
     * invalid UTF-8, bad quoting, a mapped column missing or a column the mapping does not know.
     */
    public CompletableFuture<Report> importCsv(String plant, String defaultAsset, String file, byte[] body) {
        String text = CsvText.decode(body);
        long now = System.currentTimeMillis();
        List<CSVRecord> records = new ArrayList<>();
        Map<String, Integer> header;
        // No trimming: a value is what stands between the delimiters, as in JSON ("repair " is not "repair").
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(mapping.delimiter())
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .get();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            header = parser.getHeaderMap();
            for (CSVRecord r : parser) records.add(r);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new CsvException(
                    new Rejection(RejectReason.UNPARSABLE_CSV, null, "CSV cannot be read: " + e.getMessage()));
        }
        CsvText.checkHeader(header, mapping);
        int[] lineStarts = lineStarts(text);
        List<RowRejection> rejected = new ArrayList<>();
        List<MaintenanceLogRecord> valid = new ArrayList<>();
        for (CSVRecord r : records) {
            intake.metrics().received();
            Outcome<MaintenanceLogRecord> o = row(plant, defaultAsset, r, header.size(), now);
            if (o.isOk()) {
                valid.add(o.value());
            } else {
                Rejection rej = o.rejection();
                intake.metrics().rejected(rej.reason());
                rejected.add(new RowRejection(
                        lineOf(lineStarts, r.getCharacterPosition()), rej.reason(), rej.field(), rej.detail()));
            }
        }
        if (!rejected.isEmpty()) return CompletableFuture.completedFuture(new Report(0, 0, List.copyOf(rejected)));
        List<CompletableFuture<?>> sends = new ArrayList<>();
        AtomicInteger imported = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        for (MaintenanceLogRecord record : valid) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            sends.add(f);
            intake.submit(record, (status, e) -> {
                if (e != null) {
                    f.completeExceptionally(e);
                    return;
                }
                (status == MaintenanceIntake.Status.DUPLICATE ? duplicates : imported).incrementAndGet();
                f.complete(null);
            });
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .thenApply(v -> new Report(imported.get(), duplicates.get(), List.of()));
    }

    private Outcome<MaintenanceLogRecord> row(String plant, String defaultAsset, CSVRecord r, int columns, long now) {
        if (r.size() != columns) {
            return Outcome.rejected(
                    RejectReason.SCHEMA_VIOLATION,
                    null,
                    "row has " + r.size() + " values, the header names " + columns + " columns");
        }
        String asset = orDefault(get(r, mapping.asset()), defaultAsset);
        String rawTs = get(r, mapping.ts());
        if (asset == null) {
            return Outcome.rejected(
                    RejectReason.SCHEMA_VIOLATION,
                    "asset",
                    "row has no asset (column '" + mapping.asset() + "' empty and no asset parameter)");
        }
        if (rawTs == null) {
            return Outcome.rejected(
                    RejectReason.SCHEMA_VIOLATION, "ts", "missing required field 'ts' (column '" + mapping.ts() + "')");
        }
        Instant ts;
        try {
            ts = tsFormat.parse(rawTs, Instant::from);
        } catch (DateTimeParseException e) {
            return Outcome.rejected(
                    RejectReason.INVALID_TIMESTAMP,
                    "ts",
                    "ts '" + rawTs + "' does not match "
                            + (mapping.tsPattern() == null
                                    ? "ISO-8601 with offset"
                                    : "pattern '" + mapping.tsPattern() + "'"));
        }
        return intake.validator()
                .maintenance(
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
