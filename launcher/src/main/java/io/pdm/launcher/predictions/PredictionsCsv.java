package io.pdm.launcher.predictions;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The CSV files behind printed RUL figures (one row per scored window), written so that anyone can recompute a figure
 * from them: floats with enough digits to round-trip exactly, a header row naming the columns.
 */
public final class PredictionsCsv {
    private PredictionsCsv() {}

    public static void write(Path file, List<String> header, List<? extends List<?>> rows) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (Writer out = Files.newBufferedWriter(file);
                CSVPrinter csv = CSVFormat.DEFAULT
                        .builder()
                        .setHeader(header.toArray(String[]::new))
                        .get()
                        .print(out)) {
            for (List<?> row : rows) {
                csv.printRecord(row);
            }
        }
    }

    /** Every record of a file written by {@link #write}, read by its header. */
    public static List<CSVRecord> read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(in)
                    .getRecords();
        }
    }

    /** Enough digits that a float round-trips exactly. */
    public static String format(float value) {
        return String.format(Locale.ROOT, "%.9g", value);
    }
}
