package io.pdm.launcher.model;

import static io.pdm.launcher.predictions.PredictionsCsv.format;

import io.pdm.launcher.predictions.PredictionsCsv;
import io.pdm.model.cmapss.RulEnsemble;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The predictions behind a printed test RMSE, one row per test engine: anyone can recompute the figure from them
 * (a test does, independently of the code that printed it).
 */
final class TestPredictions {
    private TestPredictions() {}

    static void write(Path file, int[] units, RulEnsemble ensemble) throws IOException {
        List<String> header = new ArrayList<>(List.of("unit", "true_rul"));
        for (int m = 0; m < ensemble.members().size(); m++) {
            header.add("member_" + m);
        }
        header.add("ensemble");
        float[] mean = ensemble.mean();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < units.length; i++) {
            List<Object> row = new ArrayList<>(List.of(units[i], format(ensemble.truth()[i])));
            for (float[] member : ensemble.members()) {
                row.add(format(member[i]));
            }
            row.add(format(mean[i]));
            rows.add(row);
        }
        PredictionsCsv.write(file, header, rows);
    }
}
