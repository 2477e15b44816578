package io.pdm.launcher.fl;

import io.pdm.launcher.predictions.PerPlantChoice;
import io.pdm.launcher.predictions.SavedRun;
import io.pdm.model.data.cmapss.RulEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pdm fl choose NAME=DIR,DIR… NAME=DIR,…}: each plant serves the ensemble of the setting its own held-out
 * engines score best, among settings given cheapest first (the ninth pass of issue 13: LoRA on the attention only,
 * or on the MLP too at rank 8 or 16). On the tuning runs it applies {@link PerPlantChoice}'s rule; on the test runs
 * {@code --choice} applies a choice made before, so the test set chooses nothing.
 */
@Command(
        name = "choose",
        mixinStandardHelpOptions = true,
        description = "Per plant, choose among settings (given cheapest first, each as the runs of pdm fl bench"
                + " --save-predictions whose mean it serves) the one its held-out engines score best: a setting is"
                + " eligible only if it is at least --margin below every cheaper one. Prints each setting's ensemble"
                + " and the chosen one per plant.")
final class ChooseCommand implements Callable<Integer> {

    @Parameters(
            arity = "1..*",
            paramLabel = "NAME=DIR[,DIR...]",
            description = "A setting's name and its saved runs (the members of its ensemble), cheapest setting first.")
    List<String> settings;

    @Option(
            names = "--scenario",
            defaultValue = "fedavg+finetune",
            description = "The scenario whose rows are compared (default ${DEFAULT-VALUE}).")
    String scenario;

    @Option(
            names = "--margin",
            defaultValue = "0.05",
            description = "RMSE a setting must be below every cheaper one to be eligible (default ${DEFAULT-VALUE}).")
    double margin;

    @Option(
            names = "--choice",
            split = ",",
            paramLabel = "PLANT=NAME",
            description = "Apply this choice (made on other runs, e.g. the tuning engines) instead of choosing.")
    Map<String, String> choice;

    @Override
    public Integer call() throws IOException {
        Map<String, List<SavedRun>> runs = parse(settings);
        Map<String, Map<String, RulEvaluation>> bySetting = ensembles(runs, scenario);
        List<String> sizes = new ArrayList<>();
        runs.forEach((name, members) -> sizes.add(name + " K=" + members.size()));
        System.out.printf(
                Locale.ROOT,
                "%d settings on the %s set, scenario %s, each the mean of its runs (%s); RMSE / PHM08 score per"
                        + " plant%n",
                runs.size(),
                runs.values().iterator().next().get(0).evaluationSet(),
                scenario,
                String.join(", ", sizes));
        Map<String, String> chosen;
        if (choice == null) {
            Map<String, Map<String, Double>> rmse = new LinkedHashMap<>();
            bySetting.forEach((name, plants) -> {
                Map<String, Double> values = new LinkedHashMap<>();
                plants.forEach((plant, e) -> values.put(plant, e.rmse()));
                rmse.put(name, values);
            });
            chosen = PerPlantChoice.choose(rmse, margin);
        } else {
            chosen = new LinkedHashMap<>(choice);
            chosen.forEach((plant, name) -> {
                if (!bySetting.containsKey(name))
                    throw new IllegalArgumentException("--choice names unknown setting " + name + " for " + plant
                            + "; the settings are " + bySetting.keySet());
            });
        }
        print(bySetting, chosen, choice == null, System.out);
        return 0;
    }

    /** {@code NAME=DIR,DIR…} → name → runs, in the order given. */
    static Map<String, List<SavedRun>> parse(List<String> arguments) throws IOException {
        Map<String, List<SavedRun>> parsed = new LinkedHashMap<>();
        for (String argument : arguments) {
            int eq = argument.indexOf('=');
            if (eq <= 0 || eq == argument.length() - 1) {
                throw new IllegalArgumentException("a setting is NAME=DIR[,DIR...], not '" + argument + "'");
            }
            List<SavedRun> runs = new ArrayList<>();
            for (String dir : argument.substring(eq + 1).split(",")) runs.add(SavedRun.read(Path.of(dir)));
            if (parsed.put(argument.substring(0, eq), runs) != null) {
                throw new IllegalArgumentException("setting " + argument.substring(0, eq) + " is given twice");
            }
        }
        return parsed;
    }

    /**
     * Each setting's ensemble of all its runs for {@code scenario}, per plant. Within a setting the runs must differ
     * only in their seed ({@link EnsembleCommand#curves}); across settings they must share the evaluation set and
     * have scored the same windows.
     */
    static Map<String, Map<String, RulEvaluation>> ensembles(Map<String, List<SavedRun>> settings, String scenario)
            throws IOException {
        Map<String, Map<String, RulEvaluation>> bySetting = new LinkedHashMap<>();
        SavedRun reference = null;
        for (var setting : settings.entrySet()) {
            SavedRun first = setting.getValue().get(0);
            if (reference == null) reference = first;
            if (!first.evaluationSet().equals(reference.evaluationSet())) {
                throw new IllegalArgumentException(
                        "cannot compare " + reference.dir() + " (" + reference.evaluationSet() + " set) with "
                                + first.dir() + " (" + first.evaluationSet() + " set)");
            }
            EnsembleCommand.Curve curve = EnsembleCommand.curves(setting.getValue()).stream()
                    .filter(c -> c.scenario().equals(scenario))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "the runs of setting " + setting.getKey() + " hold no " + scenario + " rows"));
            for (SavedRun.Row row : first.rows()) {
                if (row.scenario().equals(scenario)) {
                    EnsembleCommand.requireSameWindows(
                            scenario,
                            row.plant(),
                            reference.windows(referenceRow(reference, row)),
                            reference,
                            first.windows(row),
                            first);
                }
            }
            bySetting.put(
                    setting.getKey(), curve.ensembles().get(curve.ensembles().size() - 1));
        }
        return bySetting;
    }

    private static SavedRun.Row referenceRow(SavedRun reference, SavedRun.Row row) {
        return reference.rows().stream()
                .filter(r -> r.scenario().equals(row.scenario()) && r.plant().equals(row.plant()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        reference.dir() + " holds no " + row.scenario() + " row for " + row.plant()));
    }

    static void print(
            Map<String, Map<String, RulEvaluation>> bySetting,
            Map<String, String> chosen,
            boolean byRule,
            PrintStream out) {
        List<String> plants = List.copyOf(bySetting.values().iterator().next().keySet());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-22s", "setting (ensemble)"));
        plants.forEach(p -> header.append(String.format(Locale.ROOT, " | %17s", p)));
        out.println(header.append(" | mean RMSE"));
        bySetting.forEach((name, row) -> out.println(EnsembleCommand.line(name, row, plants)));
        Map<String, RulEvaluation> row = new LinkedHashMap<>();
        for (String plant : plants) {
            String name = chosen.get(plant);
            if (name == null) throw new IllegalArgumentException("no setting chosen for " + plant);
            row.put(plant, bySetting.get(name).get(plant));
        }
        out.println(EnsembleCommand.line("chosen per plant", row, plants));
        StringBuilder given = new StringBuilder();
        chosen.forEach((plant, name) -> given.append(given.length() == 0 ? "" : ",")
                .append(plant)
                .append('=')
                .append(name));
        out.println((byRule ? "choice (a setting only if it is the margin below every cheaper one): " : "given: ")
                + "--choice " + given);
    }
}
