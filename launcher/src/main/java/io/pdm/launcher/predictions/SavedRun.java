package io.pdm.launcher.predictions;

import static io.pdm.launcher.predictions.PredictionsCsv.format;

import io.pdm.model.data.cmapss.ScoredWindows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/**
 * The predictions of one {@code pdm fl bench --save-predictions DIR} run: {@code run.csv} (evaluation set, seed and the
 * command's other settings), {@code rows.csv} (one line per scenario row and plant: its file, window count, RMSE and
 * PHM08 score) and per row and plant a CSV of the scored windows (unit, cycle, true RUL, prediction).
 *
 * @param evaluationSet {@code tuning} (the plants' tuning engines, {@code --tune}) or {@code test} (NASA test engines)
 * @param settings      every setting of the command except the seed, as printed by it
 * @param rows          scenario and plant to the file of its windows, in the bench's order
 */
public record SavedRun(Path dir, String evaluationSet, long seed, Map<String, String> settings, List<Row> rows) {

    public static final String RUN = "run.csv";
    public static final String ROWS = "rows.csv";
    private static final String SETTING = "setting.";

    public record Row(String scenario, String plant, String file) {}

    /** Writes the run's header and index, and every row's windows. */
    public static void write(
            Path dir,
            String evaluationSet,
            long seed,
            Map<String, String> settings,
            Map<String, Map<String, ScoredWindows>> byScenario)
            throws IOException {
        List<List<String>> header = new ArrayList<>();
        header.add(List.of("evaluation_set", evaluationSet));
        header.add(List.of("seed", Long.toString(seed)));
        settings.forEach((key, value) -> header.add(List.of(SETTING + key, value)));
        PredictionsCsv.write(dir.resolve(RUN), List.of("key", "value"), header);
        List<List<Object>> index = new ArrayList<>();
        for (var scenario : byScenario.entrySet()) {
            String folder = scenario.getKey().replaceAll("[^A-Za-z0-9.=+-]+", "_");
            for (var plant : scenario.getValue().entrySet()) {
                String file = folder + "/" + plant.getKey() + ".csv";
                ScoredWindows scored = plant.getValue();
                List<List<Object>> windows = new ArrayList<>();
                for (int i = 0; i < scored.truth().length; i++) {
                    windows.add(List.of(
                            scored.units()[i],
                            scored.endCycles()[i],
                            format(scored.truth()[i]),
                            format(scored.predicted()[i])));
                }
                PredictionsCsv.write(dir.resolve(file), List.of("unit", "cycle", "true_rul", "prediction"), windows);
                index.add(List.of(
                        scenario.getKey(),
                        plant.getKey(),
                        file,
                        windows.size(),
                        String.format(Locale.ROOT, "%.4f", scored.evaluation().rmse()),
                        String.format(Locale.ROOT, "%.4f", scored.evaluation().score())));
            }
        }
        PredictionsCsv.write(
                dir.resolve(ROWS), List.of("scenario", "plant", "file", "windows", "rmse", "phm08"), index);
    }

    public static SavedRun read(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(RUN))) {
            throw new IllegalArgumentException(dir + " is not a saved run: no " + RUN);
        }
        String evaluationSet = null;
        Long seed = null;
        Map<String, String> settings = new LinkedHashMap<>();
        for (CSVRecord record : PredictionsCsv.read(dir.resolve(RUN))) {
            String key = record.get("key");
            String value = record.get("value");
            if (key.equals("evaluation_set")) {
                evaluationSet = value;
            } else if (key.equals("seed")) {
                seed = Long.parseLong(value);
            } else if (key.startsWith(SETTING)) {
                settings.put(key.substring(SETTING.length()), value);
            }
        }
        if (evaluationSet == null || seed == null) {
            throw new IllegalArgumentException(dir.resolve(RUN) + " names no evaluation set or seed");
        }
        List<Row> rows = new ArrayList<>();
        for (CSVRecord record : PredictionsCsv.read(dir.resolve(ROWS))) {
            rows.add(new Row(record.get("scenario"), record.get("plant"), record.get("file")));
        }
        return new SavedRun(dir, evaluationSet, seed, settings, List.copyOf(rows));
    }

    /** The scored windows of one row. */
    public ScoredWindows windows(Row row) throws IOException {
        List<CSVRecord> records = PredictionsCsv.read(dir.resolve(row.file()));
        int n = records.size();
        int[] units = new int[n];
        int[] cycles = new int[n];
        float[] truth = new float[n];
        float[] predicted = new float[n];
        for (int i = 0; i < n; i++) {
            CSVRecord r = records.get(i);
            units[i] = Integer.parseInt(r.get("unit"));
            cycles[i] = Integer.parseInt(r.get("cycle"));
            truth[i] = Float.parseFloat(r.get("true_rul"));
            predicted[i] = Float.parseFloat(r.get("prediction"));
        }
        return new ScoredWindows(row.plant(), units, cycles, truth, predicted);
    }
}
