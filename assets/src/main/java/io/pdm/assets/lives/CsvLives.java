package io.pdm.assets.lives;

import io.pdm.assets.AssetType;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Lives of one asset type in a CSV file with a header row. Columns, in any order:
 *
 * <ul>
 *   <li>{@code life_id} (required): rows of one life are consecutive, in step order;</li>
 *   <li>{@code step} (required): integer, strictly increasing within a life;</li>
 *   <li>one column per channel the type's model reads, named as in the type (other columns are ignored);</li>
 *   <li>{@code end} (required on a life's last row; blank or the same value on its other rows): {@code FAILED}
 *       (the life ended at a failure or repair for cause) or {@code CENSORED};</li>
 *   <li>{@code asset_id} (optional, default the life id);</li>
 *   <li>{@code age} (optional): the asset's age at the step in the type's life unit; default step × the type's life
 *       per step (1 for cycles, the step length in hours for hours);</li>
 *   <li>{@code remaining} (optional, last row): life left after the last step; 0 by default for FAILED, unknown
 *       by default for CENSORED.</li>
 * </ul>
 *
 * Errors name the file, line and column.
 */
public final class CsvLives implements LifeSource {
    public static final String LIFE_ID = "life_id";
    public static final String STEP = "step";
    public static final String END = "end";
    public static final String ASSET_ID = "asset_id";
    public static final String AGE = "age";
    public static final String REMAINING = "remaining";

    private final Path file;
    private final AssetType type;

    public CsvLives(Path file, AssetType type) {
        this.file = file;
        this.type = type;
    }

    @Override
    public List<Life> lives() throws IOException {
        List<String> channels = type.lifeChannels(); // the model's channels and any regime context
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setTrim(true)
                .setIgnoreEmptyLines(true)
                .get();
        List<Life> lives = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = format.parse(reader)) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String required : List.of(LIFE_ID, STEP, END)) {
                requireColumn(header, required);
            }
            for (String channel : channels) {
                requireColumn(header, channel);
            }
            Builder current = null;
            Set<String> finished = new HashSet<>();
            for (CSVRecord row : parser) {
                long line = row.getRecordNumber() + 1; // the header is line 1
                if (!row.isConsistent()) {
                    throw new LifeFormatException(
                            file, line, row.size() + " fields where the header has " + header.size());
                }
                String lifeId = row.get(LIFE_ID);
                if (lifeId.isEmpty()) {
                    throw error(line, LIFE_ID, header, "empty");
                }
                if (current == null || !current.lifeId.equals(lifeId)) {
                    if (current != null) {
                        lives.add(current.build());
                        finished.add(current.lifeId);
                    }
                    if (finished.contains(lifeId)) {
                        throw error(line, LIFE_ID, header, "life '" + lifeId + "' appears again after other lives");
                    }
                    current = new Builder(lifeId, optional(row, ASSET_ID, lifeId));
                }
                current.add(row, line, header, channels);
            }
            if (current == null) {
                throw new LifeFormatException(file, "no data rows");
            }
            lives.add(current.build());
        } catch (NoSuchFileException e) {
            throw new LifeFormatException(file, "no such file");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new LifeFormatException(file, "not a CSV file with a header: " + e.getMessage());
        }
        return List.copyOf(lives);
    }

    /** Writes lives in this format (with age and remaining columns), so any source can be exported and reread. */
    public static void write(List<Life> lives, Path file) throws IOException {
        if (lives.isEmpty()) {
            throw new IllegalArgumentException("no lives to write");
        }
        List<String> channels = lives.get(0).channels();
        List<String> header = new ArrayList<>(List.of(LIFE_ID, ASSET_ID, STEP, AGE));
        header.addAll(channels);
        header.addAll(List.of(END, REMAINING));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter printer = CSVFormat.DEFAULT
                        .builder()
                        .setHeader(header.toArray(String[]::new))
                        .get()
                        .print(out)) {
            for (Life life : lives) {
                if (!life.channels().equals(channels)) {
                    throw new IllegalArgumentException(life.lifeId() + " has other channels than " + channels);
                }
                for (int i = 0; i < life.steps(); i++) {
                    List<Object> row = new ArrayList<>(List.of(life.lifeId(), life.assetId(), i + 1, life.age(i)));
                    for (double v : life.step(i)) {
                        row.add(v);
                    }
                    boolean last = i == life.steps() - 1;
                    row.add(last ? life.end().name() : "");
                    row.add(last && life.remainingAtEnd() != null ? life.remainingAtEnd() : "");
                    printer.printRecord(row);
                }
            }
        }
    }

    private void requireColumn(Map<String, Integer> header, String column) throws LifeFormatException {
        if (!header.containsKey(column)) {
            throw new LifeFormatException(file, 1, "no column '" + column + "' (header: " + header.keySet() + ")");
        }
    }

    private LifeFormatException error(long line, String column, Map<String, Integer> header, String problem) {
        return new LifeFormatException(
                file, line, "column '" + column + "' (" + (header.get(column) + 1) + "): " + problem);
    }

    private static String optional(CSVRecord row, String column, String fallback) {
        return row.isMapped(column) && !row.get(column).isEmpty() ? row.get(column) : fallback;
    }

    /** The rows of one life so far. */
    private final class Builder {
        final String lifeId;
        final String assetId;
        final List<double[]> values = new ArrayList<>();
        final List<Double> ages = new ArrayList<>();
        long lastStep = Long.MIN_VALUE;
        long lastLine;
        String end;
        String remaining;
        Map<String, Integer> header = new LinkedHashMap<>();

        Builder(String lifeId, String assetId) {
            this.lifeId = lifeId;
            this.assetId = assetId;
        }

        void add(CSVRecord row, long line, Map<String, Integer> header, List<String> channels)
                throws LifeFormatException {
            this.header = header;
            lastLine = line;
            long step;
            try {
                step = Long.parseLong(row.get(STEP));
            } catch (NumberFormatException e) {
                throw error(line, STEP, header, "not an integer: '" + row.get(STEP) + "'");
            }
            if (step <= lastStep) {
                throw error(line, STEP, header, "step " + step + " does not increase from " + lastStep);
            }
            lastStep = step;
            double[] v = new double[channels.size()];
            for (int j = 0; j < v.length; j++) {
                v[j] = number(row, line, channels.get(j), header);
            }
            values.add(v);
            ages.add(
                    row.isMapped(AGE) && !row.get(AGE).isEmpty()
                            ? number(row, line, AGE, header)
                            : step * type.lifePerStep());
            end = row.get(END);
            remaining = row.isMapped(REMAINING) ? row.get(REMAINING) : "";
            if (!end.isEmpty()) {
                try {
                    LifeEnd.valueOf(end.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw error(line, END, header, "'" + end + "' is neither FAILED nor CENSORED");
                }
            }
        }

        Life build() throws LifeFormatException {
            if (end == null || end.isEmpty()) {
                throw error(lastLine, END, header, "the last row of life '" + lifeId + "' must say FAILED or CENSORED");
            }
            Double rest = null;
            if (!remaining.isEmpty()) {
                try {
                    rest = Double.parseDouble(remaining);
                } catch (NumberFormatException e) {
                    throw error(lastLine, REMAINING, header, "not a number: '" + remaining + "'");
                }
                if (!(rest >= 0) || Double.isInfinite(rest)) {
                    throw error(lastLine, REMAINING, header, "must be a finite number >= 0, was " + remaining);
                }
            }
            double[] a = ages.stream().mapToDouble(Double::doubleValue).toArray();
            for (int i = 1; i < a.length; i++) {
                if (!(a[i] > a[i - 1])) {
                    throw new LifeFormatException(
                            file, lastLine, "life '" + lifeId + "': age does not increase at its step " + (i + 1));
                }
            }
            return new Life(
                    lifeId,
                    assetId,
                    type.id(),
                    type.lifeChannels(),
                    values.toArray(double[][]::new),
                    a,
                    LifeEnd.valueOf(end.toUpperCase(Locale.ROOT)),
                    rest);
        }

        private double number(CSVRecord row, long line, String column, Map<String, Integer> header)
                throws LifeFormatException {
            String text = row.get(column);
            double value;
            try {
                value = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error(line, column, header, "not a number: '" + text + "'");
            }
            if (!Double.isFinite(value)) {
                throw error(line, column, header, "not a finite number: '" + text + "'");
            }
            return value;
        }
    }
}
