package io.pdm.bench.federated;

import io.pdm.assets.lives.TuningMode;
import io.pdm.federated.training.CmapssLoraTraining;
import io.pdm.model.data.cmapss.ScoredWindows;
import io.pdm.model.lora.PeftAdapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores given adapters (e.g. saved by {@code pdm fl bench --save-adapters}, or merged from them) exactly as a bench
 * run scores its rows: the same plants, evaluation sets, per-plant seeds and so normalisation
 * ({@link FederatedCmapssBench#plant}); with a tuning fraction inside a {@link TuningMode} scope, so the test files
 * stay refused. Only the options that shape a plant's evaluation matter: subsets, tuning fraction, plant engines, seed.
 */
public final class AdapterScoring {
    private AdapterScoring() {}

    /** Each plant's adapter to score, by plant name. */
    @FunctionalInterface
    public interface AdapterSource {
        PeftAdapter adapter(String plant) throws IOException;
    }

    /** @return each plant's scored windows, by plant name in subset order; one plant is in memory at a time */
    public static Map<String, ScoredWindows> score(
            BenchOptions options, Path baseDir, Path cmapssDir, AdapterSource adapters) throws IOException {
        Map<String, ScoredWindows> byPlant = new LinkedHashMap<>();
        try (TuningMode.Scope scope = options.tuning() ? TuningMode.enter() : null) {
            for (int i = 0; i < options.subsets().size(); i++) {
                String name = FederatedCmapssBench.plantName(options.subsets().get(i));
                PeftAdapter adapter = adapters.adapter(name);
                try (CmapssLoraTraining plant = FederatedCmapssBench.plant(options, baseDir, cmapssDir, i)) {
                    byPlant.put(name, plant.predict(adapter));
                }
            }
        }
        return byPlant;
    }
}
