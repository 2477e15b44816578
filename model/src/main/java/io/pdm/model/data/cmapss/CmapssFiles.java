package io.pdm.model.data.cmapss;

import io.pdm.model.data.MalformedDataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Parsers for NASA's whitespace-separated C-MAPSS text files (lines end in trailing spaces). */
final class CmapssFiles {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final int COLUMNS = 2 + CmapssEngine.SETTINGS + CmapssEngine.SENSORS;

    private CmapssFiles() {}

    /** Reads a train_/test_ file: rows grouped by unit, cycles 1, 2, 3, … within each unit. */
    static List<CmapssEngine> readEngines(Path file) throws IOException {
        List<CmapssEngine> engines = new ArrayList<>();
        Set<Integer> finishedUnits = new HashSet<>();
        List<float[]> settings = new ArrayList<>();
        List<float[]> sensors = new ArrayList<>();
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
                    throw new MalformedDataException(
                            file, lineNo, "expected " + COLUMNS + " columns, found " + fields.length);
                }
                int rowUnit = parseInt(fields[0], file, lineNo, "unit");
                int cycle = parseInt(fields[1], file, lineNo, "cycle");
                if (rowUnit != unit) {
                    if (unit != -1) {
                        engines.add(toEngine(unit, settings, sensors));
                        finishedUnits.add(unit);
                    }
                    if (finishedUnits.contains(rowUnit)) {
                        throw new MalformedDataException(
                                file, lineNo, "unit " + rowUnit + " appears again after other units");
                    }
                    unit = rowUnit;
                    settings.clear();
                    sensors.clear();
                }
                if (cycle != settings.size() + 1) {
                    throw new MalformedDataException(
                            file,
                            lineNo,
                            "unit " + unit + ": cycle " + cycle + " where " + (settings.size() + 1) + " was expected");
                }
                settings.add(parseFloats(fields, 2, CmapssEngine.SETTINGS, file, lineNo));
                sensors.add(parseFloats(fields, 2 + CmapssEngine.SETTINGS, CmapssEngine.SENSORS, file, lineNo));
            }
        }
        if (unit == -1) {
            throw new MalformedDataException(file, "no data rows");
        }
        engines.add(toEngine(unit, settings, sensors));
        return List.copyOf(engines);
    }

    /** Reads an RUL_ file: one integer per line, the true RUL after the last cycle of test unit i. */
    static int[] readRul(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
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

    private static CmapssEngine toEngine(int unit, List<float[]> settings, List<float[]> sensors) {
        return new CmapssEngine(unit, settings.toArray(float[][]::new), sensors.toArray(float[][]::new));
    }

    private static float[] parseFloats(String[] fields, int from, int count, Path file, long lineNo)
            throws MalformedDataException {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Float.parseFloat(fields[from + i]);
            } catch (NumberFormatException e) {
                throw new MalformedDataException(
                        file, lineNo, "column " + (from + i + 1) + " is not a number: '" + fields[from + i] + "'");
            }
        }
        return values;
    }

    private static int parseInt(String text, Path file, long lineNo, String what) throws MalformedDataException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new MalformedDataException(file, lineNo, what + " is not an integer: '" + text + "'");
        }
    }
}
