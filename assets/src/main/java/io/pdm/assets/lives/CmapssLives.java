package io.pdm.assets.lives;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The one parser of NASA's C-MAPSS text files ({@code train_FD00N.txt}, {@code test_FD00N.txt}, {@code RUL_FD00N.txt}):
 * whitespace-separated rows of unit, cycle, 3 operational settings and 21 sensors, lines ending in spaces, rows
 * grouped by unit with cycles 1, 2, 3, … Each unit becomes a life of type {@value #TYPE}: channels
 * {@code setting1..3, s1..s21} (the names the C-MAPSS replay publishes), ages the cycle numbers. Training engines
 * run to failure at their last cycle; test engines are censored with the true RUL of the RUL file.
 */
public final class CmapssLives implements LifeSource {
    public static final String TYPE = "cmapss-turbofan";
    public static final int SETTINGS = 3;
    public static final int SENSORS = 21;
    public static final int COLUMNS = 2 + SETTINGS + SENSORS;
    public static final List<String> CHANNELS = Stream.concat(
                    IntStream.rangeClosed(1, SETTINGS).mapToObj(i -> "setting" + i),
                    IntStream.rangeClosed(1, SENSORS).mapToObj(i -> "s" + i))
            .toList();
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern SUBSET = Pattern.compile("FD00[1-4]");

    public enum Split {
        TRAIN,
        TEST
    }

    private final Path dir;
    private final String subset;
    private final Split split;

    /** The lives of one subset's training (failed) or test (censored, with true RUL) file. */
    public CmapssLives(Path dir, String subset, Split split) {
        this.dir = dir;
        this.subset = checkSubset(subset);
        this.split = split;
    }

    @Override
    public List<Life> lives() throws IOException {
        Path file = file(dir, subset, split);
        if (split == Split.TRAIN) {
            return read(file, LifeEnd.FAILED, null);
        }
        Path rulFile = dir.resolve("RUL_" + subset + ".txt");
        int[] rul = readRul(rulFile);
        List<Life> lives = read(file, LifeEnd.CENSORED, null);
        if (rul.length != lives.size()) {
            throw new LifeFormatException(rulFile, rul.length + " RUL values for " + lives.size() + " test engines");
        }
        List<Life> withRul = new ArrayList<>();
        for (int i = 0; i < lives.size(); i++) {
            Life l = lives.get(i);
            withRul.add(new Life(
                    l.lifeId(), l.assetId(), l.typeId(), l.channels(), l.values(), l.ages(), l.end(), (double) rul[i]));
        }
        return List.copyOf(withRul);
    }

    /** {@code dir/train_FD001.txt} for ("fd001", TRAIN); the subset is case-insensitive. */
    public static Path file(Path dir, String subset, Split split) {
        return dir.resolve(split.name().toLowerCase(Locale.ROOT) + "_" + checkSubset(subset) + ".txt");
    }

    private static String checkSubset(String subset) {
        String s = subset.toUpperCase(Locale.ROOT);
        if (!SUBSET.matcher(s).matches()) {
            throw new IllegalArgumentException("C-MAPSS subset must be FD001…FD004, was '" + subset + "'");
        }
        return s;
    }

    /** The engine's unit number, from a life this class made. */
    public static int unit(Life life) {
        return Integer.parseInt(life.lifeId().substring(life.lifeId().lastIndexOf('/') + 1));
    }

    /** The asset id the C-MAPSS replay publishes an engine as: {@code engine-007}. */
    public static String assetId(int unit) {
        return String.format(Locale.ROOT, "engine-%03d", unit);
    }

    /**
     * Reads a train_/test_ file: one life per unit, in file order.
     *
     * @param end           how every life ends
     * @param remainingAtEnd the true remaining life after each unit's last cycle (i-th unit in file order), or null
     */
    public static List<Life> read(Path file, LifeEnd end, int[] remainingAtEnd) throws IOException {
        TuningMode.checkReadable(file);
        String stem = file.getFileName().toString().replaceFirst("\\.txt$", "");
        List<Life> lives = new ArrayList<>();
        Set<Integer> finishedUnits = new HashSet<>();
        List<double[]> rows = new ArrayList<>();
        int unit = -1;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            long lineNo = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] fields = WHITESPACE.split(trimmed);
                if (fields.length != COLUMNS) {
                    throw new LifeFormatException(
                            file, lineNo, "expected " + COLUMNS + " columns, found " + fields.length);
                }
                int rowUnit = parseInt(fields[0], file, lineNo, "unit");
                int cycle = parseInt(fields[1], file, lineNo, "cycle");
                if (rowUnit != unit) {
                    if (unit != -1) {
                        lives.add(life(stem, unit, rows, end, remainingAtEnd, lives.size()));
                        finishedUnits.add(unit);
                    }
                    if (finishedUnits.contains(rowUnit)) {
                        throw new LifeFormatException(
                                file, lineNo, "unit " + rowUnit + " appears again after other units");
                    }
                    unit = rowUnit;
                    rows.clear();
                }
                if (cycle != rows.size() + 1) {
                    throw new LifeFormatException(
                            file,
                            lineNo,
                            "unit " + unit + ": cycle " + cycle + " where " + (rows.size() + 1) + " was expected");
                }
                double[] row = new double[SETTINGS + SENSORS];
                for (int i = 0; i < row.length; i++) {
                    try {
                        row[i] = Double.parseDouble(fields[2 + i]);
                    } catch (NumberFormatException e) {
                        throw new LifeFormatException(
                                file, lineNo, "column " + (3 + i) + " is not a number: '" + fields[2 + i] + "'");
                    }
                }
                rows.add(row);
            }
        } catch (NoSuchFileException e) {
            throw new LifeFormatException(file, "no such file");
        }
        if (unit == -1) {
            throw new LifeFormatException(file, "no data rows");
        }
        lives.add(life(stem, unit, rows, end, remainingAtEnd, lives.size()));
        return List.copyOf(lives);
    }

    /** Reads an RUL_ file: one integer per line, the true RUL after the last cycle of test unit i. */
    public static int[] readRul(Path file) throws IOException {
        TuningMode.checkReadable(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new LifeFormatException(file, "no such file");
        }
        int[] rul = new int[lines.size()];
        int count = 0;
        for (int i = 0; i < lines.size(); i++) {
            String value = lines.get(i).strip();
            if (!value.isEmpty()) {
                rul[count++] = parseInt(value, file, i + 1, "RUL");
            }
        }
        return Arrays.copyOf(rul, count);
    }

    private static Life life(String stem, int unit, List<double[]> rows, LifeEnd end, int[] rul, int index) {
        double[] ages = IntStream.rangeClosed(1, rows.size()).asDoubleStream().toArray();
        Double remaining = rul != null ? Double.valueOf(rul[index]) : null;
        return new Life(
                stem + "/" + unit, assetId(unit), TYPE, CHANNELS, rows.toArray(double[][]::new), ages, end, remaining);
    }

    private static int parseInt(String text, Path file, long lineNo, String what) throws LifeFormatException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new LifeFormatException(file, lineNo, what + " is not an integer: '" + text + "'");
        }
    }
}
