package io.pdm.model.tuning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a tuning run measured and chose, with the data it used: written as JSON next to the printed table.
 *
 * @param settings what was searched and how (seed, held-out share, model size, schedule)
 * @param data     per subset: the training engines that fitted the models and those held out to score them
 * @param rows     every measured setting, in the order they ran
 * @param model    the pooled-training setting chosen (one member each): the current default unless another beats it on
 *                 every subset, see {@link #best}
 * @param ensemble the ensemble of more than one member with the lowest mean held-out RMSE (members of the centre
 *                 setting), or null without one
 * @param lora     the LoRA setting with the lowest mean held-out RMSE, or null without a LoRA search
 */
public record TuningResult(
        TuningSettings settings,
        List<SubsetData> data,
        List<Row> rows,
        Row model,
        Row ensemble,
        Row lora,
        long wallSeconds,
        String testFiles) {
    /** Every result says it: the test files were refused for the whole run. */
    public static final String TEST_FILES_REFUSED =
            "refused by the readers for the whole run (TuningMode); not read, not used";

    /**
     * @param fitEngines      unit numbers of the training engines the models learnt from (their epoch is chosen on a
     *                        10 % inner split of these, as in {@code pdm model train})
     * @param heldOutEngines  unit numbers held out from every model of the run and scored at each cut with at most
     *                        {@code heldOutHorizon} cycles left (like the test engines, which end before failure)
     * @param share           {@code ALL} for pooled training, {@code PLANT} for LoRA (the OEM share pretrained the base)
     */
    public record SubsetData(
            String subset,
            String share,
            List<Integer> fitEngines,
            List<Integer> heldOutEngines,
            int heldOutWindows,
            int heldOutHorizon) {
        public SubsetData {
            fitEngines = List.copyOf(fitEngines);
            heldOutEngines = List.copyOf(heldOutEngines);
        }
    }

    /**
     * One measured setting.
     *
     * @param kind       {@code model} (one member), {@code ensemble} (the centre's first k members) or {@code lora}
     * @param parameters the setting, by name
     * @param rmse       held-out RMSE per subset, in the order of {@code settings.subsets()}
     * @param score      held-out PHM08 score (sum over the held-out cuts) per subset
     * @param bestEpochs the epoch each model kept (chosen on its inner validation), per subset; empty for ensembles
     */
    public record Row(
            String kind,
            String label,
            Map<String, Object> parameters,
            List<Double> rmse,
            List<Double> score,
            List<Integer> bestEpochs,
            long seconds) {
        public Row {
            parameters = Map.copyOf(parameters);
            rmse = List.copyOf(rmse);
            score = List.copyOf(score);
            bestEpochs = List.copyOf(bestEpochs);
        }

        public double meanRmse() {
            return rmse.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        public double meanScore() {
            return score.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /** Lowest mean held-out RMSE; the PHM08 score breaks a tie. */
    static final Comparator<Row> BEST =
            Comparator.comparingDouble(Row::meanRmse).thenComparingDouble(Row::meanScore);

    /**
     * The incumbent (the first row of its kind: the current default) unless other settings beat it on the held-out RMSE
     * of <em>every</em> subset; then the best of those by mean RMSE. With one seed per setting, a win on some subsets only
     * is within the seed-to-seed spread and does not move a default.
     */
    static Row best(List<Row> rows, String kind) {
        List<Row> ofKind = rows.stream().filter(r -> r.kind().equals(kind)).toList();
        if (ofKind.isEmpty()) {
            return null;
        }
        Row incumbent = ofKind.get(0);
        return ofKind.stream()
                .skip(1)
                .filter(r -> beatsOnEverySubset(r, incumbent))
                .min(BEST)
                .orElse(incumbent);
    }

    static boolean beatsOnEverySubset(Row challenger, Row incumbent) {
        for (int i = 0; i < incumbent.rmse().size(); i++) {
            if (!(challenger.rmse().get(i) < incumbent.rmse().get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parts of one search run as separate processes (one per subset, or one per setting, to use more cores: DJL trains
     * one model per JVM) as one result. Every part must share the data split and model size; rows are matched by kind
     * and setting, each (setting, subset) must come from exactly one part, and the choice is made again on the mean
     * over all subsets. The wall time is the longest part's (they ran side by side).
     */
    public static TuningResult combine(List<TuningResult> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to combine");
        }
        TuningResult first = parts.get(0);
        List<String> subsets = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        Map<String, Row> prototypes = new java.util.HashMap<>();
        Map<String, Row> cells = new java.util.HashMap<>(); // key + subset -> one-subset row
        Map<String, SubsetData> data = new java.util.LinkedHashMap<>();
        long wall = 0;
        for (TuningResult p : parts) {
            if (!sameSplitAndModel(first.settings(), p.settings())) {
                throw new IllegalArgumentException("cannot combine searches with different data splits or models: "
                        + first.settings() + " and " + p.settings());
            }
            for (String s : p.settings().subsets()) {
                if (!subsets.contains(s)) {
                    subsets.add(s);
                }
            }
            for (SubsetData d : p.data()) {
                SubsetData seen = data.putIfAbsent(d.subset() + "/" + d.share(), d);
                if (seen != null && !seen.equals(d)) {
                    throw new IllegalArgumentException("the parts held out different engines of " + d.subset());
                }
            }
            for (Row r : p.rows()) {
                if (r.kind().equals("ensemble")
                        && Integer.valueOf(1).equals(r.parameters().get("ensemble"))) {
                    continue; // an ensemble of one repeats the model row (older results wrote it)
                }
                String key = r.kind() + "|" + r.label();
                if (!prototypes.containsKey(key)) {
                    keys.add(key);
                    prototypes.put(key, r);
                }
                int perSubset = r.bestEpochs().size() / p.settings().subsets().size();
                for (int i = 0; i < p.settings().subsets().size(); i++) {
                    String subset = p.settings().subsets().get(i);
                    Row cell = new Row(
                            r.kind(),
                            r.label(),
                            r.parameters(),
                            List.of(r.rmse().get(i)),
                            List.of(r.score().get(i)),
                            r.bestEpochs().subList(i * perSubset, (i + 1) * perSubset),
                            r.seconds() / p.settings().subsets().size());
                    if (cells.put(key + "|" + subset, cell) != null) {
                        throw new IllegalArgumentException(
                                subset + " is in more than one result for " + r.kind() + " " + r.label());
                    }
                }
            }
            wall = Math.max(wall, p.wallSeconds());
        }
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            Row prototype = prototypes.get(key);
            List<Double> rmse = new ArrayList<>();
            List<Double> score = new ArrayList<>();
            List<Integer> epochs = new ArrayList<>();
            long seconds = 0;
            for (String subset : subsets) {
                Row cell = cells.get(key + "|" + subset);
                if (cell == null) {
                    throw new IllegalArgumentException(
                            "no result for " + prototype.kind() + " " + prototype.label() + " on " + subset);
                }
                rmse.addAll(cell.rmse());
                score.addAll(cell.score());
                epochs.addAll(cell.bestEpochs());
                seconds += cell.seconds();
            }
            rows.add(
                    new Row(prototype.kind(), prototype.label(), prototype.parameters(), rmse, score, epochs, seconds));
        }
        return new TuningResult(
                first.settings().withSubsets(subsets).withGrid(union(parts)),
                List.copyOf(data.values()),
                rows,
                best(rows, "model"),
                best(rows, "ensemble"),
                best(rows, "lora"),
                wall,
                first.testFiles());
    }

    private static boolean sameSplitAndModel(TuningSettings a, TuningSettings b) {
        return a.cmapssDir().equals(b.cmapssDir())
                && a.seed() == b.seed()
                && a.heldOutFraction() == b.heldOutFraction()
                && a.hidden() == b.hidden()
                && a.layers() == b.layers()
                && a.dropout() == b.dropout()
                && a.learningRate() == b.learningRate()
                && a.batch() == b.batch()
                && a.cycleChannel() == b.cycleChannel()
                && a.oemFraction() == b.oemFraction()
                && a.grid().loraAlpha() == b.grid().loraAlpha()
                && a.grid().loraEpochs() == b.grid().loraEpochs();
    }

    /** Every value any part searched, the first part's first (its centre) first. */
    private static TuningGrid union(List<TuningResult> parts) {
        TuningGrid g = parts.get(0).settings().grid();
        List<TuningGrid> grids = parts.stream().map(p -> p.settings().grid()).toList();
        return new TuningGrid(
                merged(grids, TuningGrid::windows),
                merged(grids, TuningGrid::patches),
                merged(grids, TuningGrid::epochs),
                merged(grids, TuningGrid::noises),
                merged(grids, TuningGrid::ensembleSizes),
                merged(grids, TuningGrid::loraLearningRates),
                merged(grids, TuningGrid::loraRanks),
                g.loraAlpha(),
                g.loraEpochs(),
                grids.stream().anyMatch(TuningGrid::pooled));
    }

    private static <T> List<T> merged(List<TuningGrid> grids, java.util.function.Function<TuningGrid, List<T>> axis) {
        java.util.LinkedHashSet<T> values = new java.util.LinkedHashSet<>();
        grids.forEach(g -> values.addAll(axis.apply(g)));
        return List.copyOf(values);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static TuningResult read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), TuningResult.class);
    }

    /** The table the command prints: one line per setting, held-out RMSE per subset and their mean. */
    public String table() {
        StringBuilder t = new StringBuilder();
        List<String> head = new ArrayList<>(List.of("kind", "setting"));
        head.addAll(settings.subsets());
        head.add("mean RMSE");
        head.add("mean PHM08");
        head.add("s");
        t.append(String.format(Locale.ROOT, "%-8s %-58s", head.get(0), head.get(1)));
        for (String s : settings.subsets()) {
            t.append(String.format(Locale.ROOT, " %8s", s));
        }
        t.append(String.format(Locale.ROOT, " %10s %11s %6s%n", "mean RMSE", "mean PHM08", "s"));
        for (Row r : rows) {
            String mark = r.equals(model) || r.equals(ensemble) || r.equals(lora) ? " *" : "";
            t.append(String.format(Locale.ROOT, "%-8s %-58s", r.kind(), r.label()));
            for (double v : r.rmse()) {
                t.append(String.format(Locale.ROOT, " %8.2f", v));
            }
            t.append(String.format(
                    Locale.ROOT, " %10.2f %11.1f %6d%s%n", r.meanRmse(), r.meanScore(), r.seconds(), mark));
        }
        t.append(
                        "* selected: the current default (first of its kind) unless another setting has a lower held-out RMSE on"
                                + " every subset. Test files: ")
                .append(testFiles)
                .append('\n');
        return t.toString();
    }
}
