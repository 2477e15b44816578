package io.pdm.launcher.fl;

import io.pdm.launcher.predictions.Blend;
import io.pdm.launcher.predictions.SavedRun;
import io.pdm.model.cmapss.RulEnsemble;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.ScoredWindows;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pdm fl ensemble DIR...}: each plant serves the mean prediction of the runs' adapters. Combines runs saved by
 * {@code pdm fl bench --save-predictions} that differ only in their seed, and prints per scenario and plant the
 * ensemble of the first K runs for K = 1..N (the K curve) and each member alone.
 */
@Command(
        name = "ensemble",
        mixinStandardHelpOptions = true,
        description = "Average the predictions of runs saved by pdm fl bench --save-predictions (same evaluation"
                + " set, windows and settings, different seeds): RMSE and PHM08 score per scenario and plant of the"
                + " first K runs' mean, K = 1..N in the order given, and of each run alone.")
final class EnsembleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Saved runs, members in this order.")
    List<Path> runs;

    @Option(
            names = "--blend",
            split = ",",
            paramLabel = "A,B",
            description = "Instead of the K curves: per plant, RMSE of w * mean(A) + (1 - w) * mean(B) over the runs"
                    + " given (two scenarios of the same runs), for w in 1, 0.75, 0.5, 0.25, 0, and each plant's"
                    + " best w (ties at the printed two decimals go to the larger).")
    List<String> blend;

    @Option(
            names = "--blend-weights",
            split = ",",
            paramLabel = "PLANT=W",
            description = "With --blend: only the row of these per-plant weights (chosen elsewhere, e.g. on the"
                    + " tuning engines), e.g. fd001=1,fd002=0.75.")
    Map<String, Double> blendWeights;

    @Option(
            names = "--across-bases",
            description = "Also combine runs whose base models differ (each member on its own base, e.g. bases"
                    + " pretrained with different seeds); every other setting must still match.")
    boolean acrossBases;

    /** The settings key naming the run's base; {@code --across-bases} lets it differ between members. */
    static final String BASE_KEY = "base_sha256";

    /** One scenario's figures: {@code ensembles.get(k - 1)} is the mean of the first k members, per plant. */
    record Curve(
            String scenario,
            List<Long> seeds,
            List<Map<String, RulEvaluation>> members,
            List<Map<String, RulEvaluation>> ensembles) {}

    @Override
    public Integer call() throws IOException {
        List<SavedRun> saved = new ArrayList<>();
        for (Path dir : runs) {
            saved.add(SavedRun.read(dir));
        }
        if (blend != null) {
            if (blend.size() != 2) throw new ParameterException(spec.commandLine(), "--blend takes two scenarios A,B");
            requireCombinable(saved, acrossBases);
            Map<String, List<Double>> weights = new LinkedHashMap<>();
            if (blendWeights == null) {
                weights.putAll(Blend.everyPlant(saved.get(0), blend.get(0)));
            } else {
                blendWeights.forEach((plant, w) -> weights.put(plant, List.of(w)));
            }
            printBlend(saved, Blend.of(saved, blend.get(0), blend.get(1), weights), blendWeights, System.out);
            return 0;
        }
        if (blendWeights != null) throw new ParameterException(spec.commandLine(), "--blend-weights needs --blend");
        print(saved, curves(saved, acrossBases), System.out);
        return 0;
    }

    /** The K curves of every scenario all runs hold; refuses runs that differ in anything but their seed. */
    static List<Curve> curves(List<SavedRun> runs) throws IOException {
        return curves(runs, false);
    }

    /** As {@link #curves(List)}; with {@code acrossBases} the members' bases may differ too. */
    static List<Curve> curves(List<SavedRun> runs, boolean acrossBases) throws IOException {
        requireCombinable(runs, acrossBases);
        SavedRun first = runs.get(0);
        Map<String, List<SavedRun.Row>> byScenario = new LinkedHashMap<>();
        for (SavedRun.Row row : first.rows()) {
            if (runs.stream().allMatch(run -> run.rows().stream().anyMatch(row::equals))) {
                byScenario
                        .computeIfAbsent(row.scenario(), s -> new ArrayList<>())
                        .add(row);
            }
        }
        List<Curve> curves = new ArrayList<>();
        for (var scenario : byScenario.entrySet()) {
            curves.add(curve(scenario.getKey(), scenario.getValue(), runs));
        }
        return curves;
    }

    /**
     * Refuses runs that differ in anything but their seed (evaluation set, settings; the base too unless
     * {@code acrossBases}), or a seed given twice.
     */
    static void requireCombinable(List<SavedRun> runs, boolean acrossBases) {
        SavedRun first = runs.get(0);
        Set<Long> seeds = new HashSet<>();
        for (SavedRun run : runs) {
            if (!run.evaluationSet().equals(first.evaluationSet())) {
                throw new IllegalArgumentException("cannot combine " + first.dir() + " (" + first.evaluationSet()
                        + " set) with " + run.dir() + " (" + run.evaluationSet() + " set)");
            }
            Set<String> keys = new LinkedHashSet<>(first.settings().keySet());
            keys.addAll(run.settings().keySet());
            if (acrossBases) keys.remove(BASE_KEY);
            for (String key : keys) {
                String a = first.settings().get(key);
                String b = run.settings().get(key);
                if (a == null || !a.equals(b)) {
                    throw new IllegalArgumentException("cannot combine runs whose settings differ in more than the"
                            + " seed: " + key + " is " + a + " in " + first.dir() + " and " + b + " in " + run.dir());
                }
            }
            if (!seeds.add(run.seed())) {
                throw new IllegalArgumentException("seed " + run.seed() + " is given twice (" + run.dir() + ")");
            }
        }
    }

    private static Curve curve(String scenario, List<SavedRun.Row> rows, List<SavedRun> runs) throws IOException {
        List<Map<String, RulEvaluation>> members = new ArrayList<>();
        List<Map<String, RulEvaluation>> ensembles = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            members.add(new LinkedHashMap<>());
            ensembles.add(new LinkedHashMap<>());
        }
        for (SavedRun.Row row : rows) {
            ScoredWindows reference = runs.get(0).windows(row);
            List<float[]> predictions = new ArrayList<>();
            for (int k = 0; k < runs.size(); k++) {
                ScoredWindows member = runs.get(k).windows(row);
                requireSameWindows(scenario, row.plant(), reference, runs.get(0), member, runs.get(k));
                predictions.add(member.predicted());
                members.get(k).put(row.plant(), member.evaluation());
                ensembles
                        .get(k)
                        .put(row.plant(), new RulEnsemble(row.plant(), predictions, reference.truth()).evaluate());
            }
        }
        List<Long> seeds = runs.stream().map(SavedRun::seed).toList();
        return new Curve(scenario, seeds, members, ensembles);
    }

    static void requireSameWindows(
            String scenario, String plant, ScoredWindows a, SavedRun runA, ScoredWindows b, SavedRun runB) {
        if (!Arrays.equals(a.units(), b.units())
                || !Arrays.equals(a.endCycles(), b.endCycles())
                || !Arrays.equals(a.truth(), b.truth())) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "cannot combine %s %s: %s and %s scored different windows or truths (%d and %d windows)",
                    scenario,
                    plant,
                    runA.dir(),
                    runB.dir(),
                    a.truth().length,
                    b.truth().length));
        }
    }

    static void print(List<SavedRun> runs, List<Curve> curves, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%d runs on the %s set, seeds %s (members in this order); RMSE / PHM08 score per plant%n",
                runs.size(),
                runs.get(0).evaluationSet(),
                runs.stream().map(SavedRun::seed).toList());
        List<String> bases = runs.stream()
                .map(run -> String.valueOf(run.settings().get(BASE_KEY)))
                .toList();
        if (new HashSet<>(bases).size() > 1) {
            out.println("bases (sha256, members in this order): "
                    + bases.stream()
                            .map(b -> b.substring(0, Math.min(12, b.length())))
                            .toList());
        }
        for (Curve curve : curves) {
            List<String> plants = List.copyOf(curve.ensembles().get(0).keySet());
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%n%-22s", curve.scenario()));
            plants.forEach(p -> header.append(String.format(Locale.ROOT, " | %17s", p)));
            out.println(header.append(" | mean RMSE"));
            for (int k = 1; k <= curve.ensembles().size(); k++) {
                out.println(line("ensemble K=" + k, curve.ensembles().get(k - 1), plants));
            }
            for (int k = 0; k < curve.members().size(); k++) {
                out.println(line(
                        "member seed " + curve.seeds().get(k), curve.members().get(k), plants));
            }
        }
    }

    /** The blend table: every weight and each plant's best, or only the given per-plant weights' row. */
    static void printBlend(List<SavedRun> runs, Blend blend, Map<String, Double> given, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "per-plant blend w * mean(%s) + (1 - w) * mean(%s) of %d runs on the %s set, seeds %s;"
                        + " RMSE / PHM08 score per plant%n",
                blend.a(),
                blend.b(),
                blend.k(),
                runs.get(0).evaluationSet(),
                runs.stream().map(SavedRun::seed).toList());
        List<String> plants = List.copyOf(blend.byPlant().keySet());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-22s", "w"));
        plants.forEach(p -> header.append(String.format(Locale.ROOT, " | %17s", p)));
        out.println(header.append(" | mean RMSE"));
        if (given != null) {
            Map<String, RulEvaluation> row = new LinkedHashMap<>();
            plants.forEach(p -> row.put(p, blend.byPlant().get(p).get(given.get(p))));
            out.println(line("given weights", row, plants));
            out.println("given weights: " + given);
            return;
        }
        for (double w : Blend.WEIGHTS) {
            Map<String, RulEvaluation> row = new LinkedHashMap<>();
            plants.forEach(p -> row.put(p, blend.byPlant().get(p).get(w)));
            out.println(line(String.format(Locale.ROOT, "w = %.2f", w), row, plants));
        }
        Map<String, Double> best = blend.best();
        Map<String, RulEvaluation> row = new LinkedHashMap<>();
        plants.forEach(p -> row.put(p, blend.byPlant().get(p).get(best.get(p))));
        out.println(line("best w per plant", row, plants));
        StringBuilder weights = new StringBuilder();
        best.forEach((p, w) -> weights.append(weights.length() == 0 ? "" : ",")
                .append(p)
                .append('=')
                .append(w));
        out.println("best weights (ties at two decimals to the larger w): --blend-weights " + weights);
    }

    static String line(String label, Map<String, RulEvaluation> byPlant, List<String> plants) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s", label));
        for (String plant : plants) {
            RulEvaluation e = byPlant.get(plant);
            line.append(String.format(Locale.ROOT, " | %7.2f / %7.0f", e.rmse(), e.score()));
        }
        return line.append(String.format(Locale.ROOT, " | %9.2f", meanRmse(byPlant)))
                .toString();
    }

    static double meanRmse(Map<String, RulEvaluation> byPlant) {
        return byPlant.values().stream()
                .mapToDouble(RulEvaluation::rmse)
                .average()
                .orElse(Double.NaN);
    }
}
