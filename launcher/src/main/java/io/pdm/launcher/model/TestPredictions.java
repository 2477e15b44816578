package io.pdm.launcher.model;

import io.pdm.model.cmapss.RulEnsemble;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The predictions behind a printed test RMSE, one row per test engine: anyone can recompute the figure from them
 * (a test does, independently of the code that printed it).
 */
final class TestPredictions {
    private TestPredictions() {}

    static void write(Path file, int[] units, RulEnsemble ensemble) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<String> header = new ArrayList<>(List.of("unit", "true_rul"));
        for (int m = 0; m < ensemble.members().size(); m++) {
            header.add("member_" + m);
        }
        header.add("ensemble");
        float[] mean = ensemble.mean();
        try (Writer out = Files.newBufferedWriter(file);
                CSVPrinter csv = CSVFormat.DEFAULT
                        .builder()
                        .setHeader(header.toArray(String[]::new))
                        .get()
                        .print(out)) {
            for (int i = 0; i < units.length; i++) {
                List<Object> row = new ArrayList<>(List.of(units[i], format(ensemble.truth()[i])));
                for (float[] member : ensemble.members()) {
                    row.add(format(member[i]));
                }
                row.add(format(mean[i]));
                csv.printRecord(row);
            }
        }
    }

    // Enough digits that a float round-trips exactly.
    private static String format(float value) {
        return String.format(Locale.ROOT, "%.9g", value);
    }
}
