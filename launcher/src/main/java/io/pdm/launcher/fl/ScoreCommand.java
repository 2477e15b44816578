package io.pdm.launcher.fl;

import io.pdm.bench.federated.AdapterScoring;
import io.pdm.bench.federated.BenchOptions;
import io.pdm.launcher.predictions.SavedRun;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.ScoredWindows;
import io.pdm.model.lora.PeftAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pdm fl score}: scores each plant's adapter {@code DIR/PLANT} (as {@code pdm fl bench --save-adapters} saves
 * them, or merged from them) on that plant's evaluation set exactly as the bench scores its rows
 * ({@link AdapterScoring}), and saves the predictions as a run {@code pdm fl ensemble} reads.
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = "Score each plant's adapter DIR/PLANT on the plant's evaluation set as pdm fl bench does (with"
                + " --tune its tuning engines, test files refused; --seed as in the bench: plant i's held-out engines"
                + " and so its normalisation come from seed + i) and save the predictions for pdm fl ensemble.")
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--base", required = true, description = "Base model directory the adapters belong to.")
    Path base;

    @Option(names = "--cmapss", required = true, description = "C-MAPSS directory.")
    Path cmapss;

    @Option(
            names = "--tune",
            defaultValue = "0",
            paramLabel = "FRACTION",
            description = "Score on this share of each plant's private engines, as pdm fl bench --tune, with the test"
                    + " files refused (default ${DEFAULT-VALUE}: the test sets).")
    double tuneFraction;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "The bench run's --seed: plant i scores with the normalisation of its held-out split"
                    + " seed + i (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--plant-engines", defaultValue = "0", description = "As pdm fl bench (default ${DEFAULT-VALUE}).")
    int plantEngines;

    @Option(names = "--adapters", required = true, paramLabel = "DIR", description = "Holds one adapter per plant.")
    Path adapters;

    @Option(names = "--scenario", required = true, description = "The row name the predictions are saved under.")
    String scenario;

    @Option(names = "--save-predictions", required = true, paramLabel = "OUT", description = "Where the run goes.")
    Path savePredictions;

    @Override
    public Integer call() throws IOException {
        BenchOptions options =
                BenchOptions.defaults().withTuningFraction(tuneFraction).withPlantEngines(plantEngines);
        options = options.with(options.rounds(), options.localSteps(), options.batch(), seed, options.scenarios());
        String baseHash = ModelCheckpoint.baseHash(base);
        Map<String, ScoredWindows> byPlant = AdapterScoring.score(options, base, cmapss, plant -> {
            Path dir = adapters.resolve(plant);
            AnnounceCommand.requireOrigin(spec, base, dir, baseHash);
            try {
                return PeftAdapter.load(dir, MergeCommand.MAX_ADAPTER_BYTES);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), dir + ": " + e.getMessage());
            }
        });
        SavedRun.write(
                savePredictions,
                tuneFraction > 0 ? "tuning" : "test",
                seed,
                settings(baseHash),
                Map.of(scenario, byPlant));
        for (var plant : byPlant.entrySet()) {
            RulEvaluation e = plant.getValue().evaluation();
            System.out.printf(
                    Locale.ROOT,
                    "%s %s: RMSE %.2f, PHM08 %.0f, %d windows%n",
                    scenario,
                    plant.getKey(),
                    e.rmse(),
                    e.score(),
                    e.count());
        }
        System.out.println("predictions saved in " + savePredictions);
        return 0;
    }

    /** What shapes the evaluation besides the seed; marked as scored, so such runs do not mix with bench runs. */
    Map<String, String> settings(String baseHash) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("base_sha256", baseHash);
        settings.put("tune", Double.toString(tuneFraction));
        settings.put("plant_engines", Integer.toString(plantEngines));
        settings.put("scored_by", "pdm fl score");
        return settings;
    }
}
