package io.pdm.federated.training.history;

import io.pdm.assets.lives.TuningMode;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.data.cmapss.CmapssSubset;
import io.pdm.model.data.cmapss.EngineSplit;
import io.pdm.model.data.cmapss.ProtocolOptions;
import io.pdm.model.data.cmapss.Windows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A plant's private C-MAPSS engines for choosing federated settings without the test set: a fixed share of them (the
 * tuning engines) plays the part of the test set, cut late in life like held-out engines, and the plant learns from
 * and holds out (for its own choices, e.g. validated adaptation) only the rest. Only {@code train_FD00N.txt} is read,
 * and only inside a {@link TuningMode} scope (the readers refuse the test files there), so no setting chosen on these
 * figures has seen a test engine.
 *
 * @param tuningFraction share of the plant's private engines kept apart for scoring settings
 */
public record TuningHistory(Path dir, String subset, double tuningFraction) implements PlantHistory {

    /** The tuning engines do not move with the bench's seed: every setting and seed is scored on the same engines. */
    private static final long TUNING_SPLIT_SEED = 20_261_205L;

    public TuningHistory {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(subset, "subset");
        if (!(tuningFraction > 0 && tuningFraction < 1)) {
            throw new IllegalArgumentException("tuningFraction must be in (0, 1), was " + tuningFraction);
        }
    }

    @Override
    public String name() {
        return subset;
    }

    /** {@code test()} of the result is the tuning engines' late-life windows, never NASA's test engines. */
    @Override
    public CmapssData prepare(ProtocolOptions options, double oemFraction, double validationFraction, long seed)
            throws IOException {
        if (!TuningMode.active()) {
            throw new IllegalStateException("a tuning history is read inside a TuningMode scope only, so the test files"
                    + " stay refused for the whole run");
        }
        CmapssSubset training = CmapssSubset.loadTraining(dir, subset);
        EngineSplit tuning = EngineSplit.byEngine(
                CmapssData.oemSplit(training, oemFraction).train(), tuningFraction, TUNING_SPLIT_SEED);
        CmapssData plant = CmapssData.fromEngines(
                tuning.train(),
                options,
                new CmapssData.Selection(
                        CmapssData.EngineShare.ALL, 0, validationFraction, seed, CmapssData.ValidationCuts.LATE_LIFE));
        return new CmapssData(
                null,
                plant.trainingEngines(),
                plant.preprocessor(),
                plant.training(),
                plant.validation(),
                Windows.lateLifeWindows(
                        tuning.validation(),
                        plant.preprocessor(),
                        options.window(),
                        options.rulCap(),
                        CmapssData.lateLifeHorizon(options.rulCap())));
    }
}
