package io.pdm.devices.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses NASA C-MAPSS files ({@code train_FD00N.txt}, {@code test_FD00N.txt}): one row per engine and
 * cycle, 26 whitespace-separated columns (unit, cycle, 3 operational settings, 21 sensors), lines end
 * with trailing spaces.
 */
public final class CmapssReader {
    public static final int SETTINGS = 3, SENSORS = 21, COLUMNS = 2 + SETTINGS + SENSORS;

    public enum Split {
        TRAIN,
        TEST
    }

    /** One row. */
    public record Cycle(int engine, int cycle, double[] settings, double[] sensors) {
        /** {@code setting1..3}, {@code s1..s21}, the snapshot's value names. */
        public Map<String, Double> values() {
            Map<String, Double> v = new LinkedHashMap<>();
            for (int i = 0; i < SETTINGS; i++) v.put("setting" + (i + 1), settings[i]);
            for (int i = 0; i < SENSORS; i++) v.put("s" + (i + 1), sensors[i]);
            return v;
        }
    }

    /** One engine's trajectory, cycles in file order (1, 2, …). */
    public record Engine(int id, List<Cycle> cycles) {
        public Engine {
            cycles = List.copyOf(cycles);
        }

        public int lastCycle() {
            return cycles.get(cycles.size() - 1).cycle();
        }
    }

    private CmapssReader() {}

    /** {@code dir/train_FD001.txt} for ("FD001", TRAIN); the subset is case-insensitive. */
    public static Path file(Path dir, String subset, Split split) {
        String s = subset.toUpperCase(Locale.ROOT);
        if (!s.matches("FD00[1-4]"))
            throw new IllegalArgumentException("C-MAPSS subset must be FD001..FD004, got '" + subset + "'");
        return dir.resolve(split.name().toLowerCase(Locale.ROOT) + "_" + s + ".txt");
    }

    /** Engines sorted by id. */
    public static List<Engine> read(Path file) throws IOException {
        Map<Integer, List<Cycle>> byEngine = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String trimmed = line.strip();
                if (trimmed.isEmpty()) continue;
                Cycle c = parse(trimmed, file, lineNo);
                byEngine.computeIfAbsent(c.engine(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Engine> engines = new ArrayList<>(byEngine.size());
        byEngine.forEach((id, cycles) -> engines.add(new Engine(id, cycles)));
        return engines;
    }

    public static List<Engine> read(Path dir, String subset, Split split) throws IOException {
        return read(file(dir, subset, split));
    }

    private static Cycle parse(String line, Path file, int lineNo) {
        String[] f = line.split("\\s+");
        if (f.length != COLUMNS) {
            throw new IllegalArgumentException(
                    file.getFileName() + ":" + lineNo + ": expected " + COLUMNS + " columns, found " + f.length);
        }
        try {
            double[] settings = new double[SETTINGS], sensors = new double[SENSORS];
            for (int i = 0; i < SETTINGS; i++) settings[i] = Double.parseDouble(f[2 + i]);
            for (int i = 0; i < SENSORS; i++) sensors[i] = Double.parseDouble(f[2 + SETTINGS + i]);
            return new Cycle(Integer.parseInt(f[0]), Integer.parseInt(f[1]), settings, sensors);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file.getFileName() + ":" + lineNo + ": " + e.getMessage(), e);
        }
    }
}
