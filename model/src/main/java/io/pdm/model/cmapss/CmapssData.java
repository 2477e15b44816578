package io.pdm.model.cmapss;

import io.pdm.model.data.cmapss.CmapssEngine;
import io.pdm.model.data.cmapss.CmapssPreprocessor;
import io.pdm.model.data.cmapss.CmapssSubset;
import io.pdm.model.data.cmapss.EngineSplit;
import io.pdm.model.data.cmapss.ProtocolOptions;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.data.cmapss.Windows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One subset's data prepared by the standard protocol: the preprocessor is fitted on the training
 * engines only, validation uses held-out training engines, and the test files serve evaluation only.
 *
 * @param subset          the NASA subset, or null for engines from a plant's own store
 * @param trainingEngines the engines this run may learn from (all, or a plant's private share)
 * @param test            the subset's test engines, or null without a subset or in a tuning run
 */
public record CmapssData(
        CmapssSubset subset,
        List<CmapssEngine> trainingEngines,
        CmapssPreprocessor preprocessor,
        WindowSet training,
        WindowSet validation,
        WindowSet test) {

    /**
     * Cuts per held-out engine for the validation score: every cycle. Ten random cuts of ten engines
     * were only 100 windows, too few to choose an epoch by; every cut of the held-out engines is a few
     * thousand windows and costs about a second of inference per epoch.
     */
    public static final int VALIDATION_CUTS = Integer.MAX_VALUE;

    /**
     * Share of the training engines held out for validation in pooled training. Holding out 20 % instead
     * gave no better FD001 result in a one-seed comparison and leaves fewer trajectories to learn from; an ensemble
     * holds out different engines per seed, so together its members see every engine.
     */
    public static final double VALIDATION_FRACTION = 0.1;

    /** Which training engines a run uses. */
    public enum EngineShare {
        /** Every training engine of the subset (pooled training). */
        ALL,
        /** The public "OEM" share a base model is pretrained on. */
        OEM,
        /** What a plant keeps private: every engine outside the OEM share. */
        PLANT
    }

    /** Where the held-out engines are cut for the validation score. */
    public enum ValidationCuts {
        /** At every cycle ({@link #VALIDATION_CUTS}); pretraining and fine-tuning were measured so. */
        EVERY_CYCLE,
        /**
         * At every cycle with at most {@link #lateLifeHorizon} cycles left: like test engines, which end
         * before failure. On FD003 every-cycle validation RMSE was 9.7–12.6 against 13.7–16.1 on the test
         * set, as most of those windows are capped early life; late-life validation is on the test's scale.
         */
        LATE_LIFE
    }

    /** Remaining lives the late-life validation covers: the RUL cap and a fifth more, so capped windows still count. */
    public static int lateLifeHorizon(int rulCap) {
        return rulCap * 6 / 5;
    }

    /**
     * @param oemFraction share of each subset's training engines that is public (for pretraining)
     * @param seed        seeds the OEM split and the validation split
     */
    public record Selection(
            EngineShare share, double oemFraction, double validationFraction, long seed, ValidationCuts cuts) {
        public Selection(EngineShare share, double oemFraction, double validationFraction, long seed) {
            this(share, oemFraction, validationFraction, seed, ValidationCuts.EVERY_CYCLE);
        }

        public static Selection all(long seed) {
            return new Selection(EngineShare.ALL, 0, VALIDATION_FRACTION, seed, ValidationCuts.LATE_LIFE);
        }
    }

    public static CmapssData prepare(Path dir, String subsetName, ProtocolOptions options, Selection selection)
            throws IOException {
        return prepare(dir, subsetName, options, selection, 0);
    }

    /**
     * As {@link #prepare(Path, String, ProtocolOptions, Selection)} with at most {@code maxEngines} of the selected
     * engines (0 for all): a plant with a short history, for benches.
     */
    public static CmapssData prepare(
            Path dir, String subsetName, ProtocolOptions options, Selection selection, int maxEngines)
            throws IOException {
        return prepare(CmapssSubset.load(dir, subsetName), options, selection, maxEngines);
    }

    /**
     * As {@link #prepare(Path, String, ProtocolOptions, Selection, int)} on a loaded subset. A subset loaded by
     * {@link CmapssSubset#loadTraining} (a tuning run) has no test engines and gives {@code test == null}.
     */
    public static CmapssData prepare(
            CmapssSubset subset, ProtocolOptions options, Selection selection, int maxEngines) {
        if (maxEngines < 0) {
            throw new IllegalArgumentException("maxEngines must be >= 0, was " + maxEngines);
        }
        List<CmapssEngine> engines = switch (selection.share()) {
            case ALL -> subset.train();
            // The OEM split's seed is fixed per subset name so the base model and every plant agree on it.
            case OEM -> oemSplit(subset, selection.oemFraction()).validation();
            case PLANT -> oemSplit(subset, selection.oemFraction()).train();
        };
        int[] keptSensors = null;
        if (maxEngines > 0 && engines.size() > maxEngines) {
            // The sensors the whole share keeps: the model's input width must not depend on how few engines remain.
            keptSensors = CmapssPreprocessor.fit(engines, options).keptSensors();
            engines = engines.subList(0, maxEngines);
        }
        return split(subset, engines, options, selection, keptSensors);
    }

    /**
     * Run-to-failure engines from elsewhere than the NASA files (a plant's own store): split and windowed by the same
     * protocol, with no subset and no test set.
     */
    public static CmapssData fromEngines(List<CmapssEngine> engines, ProtocolOptions options, Selection selection) {
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("no run-to-failure engines to train on");
        }
        return split(null, List.copyOf(engines), options, selection, null);
    }

    /** @param keptSensors the sensors the preprocessor keeps, or null to select them on {@code engines} */
    private static CmapssData split(
            CmapssSubset subset,
            List<CmapssEngine> engines,
            ProtocolOptions options,
            Selection selection,
            int[] keptSensors) {
        EngineSplit split = EngineSplit.byEngine(engines, selection.validationFraction(), selection.seed());
        CmapssPreprocessor preprocessor = CmapssPreprocessor.fit(split.train(), options, keptSensors);
        int window = options.window();
        WindowSet training = Windows.training(split.train(), preprocessor, window, options.stride(), options.rulCap());
        WindowSet validation = split.validation().isEmpty()
                ? null
                : switch (selection.cuts()) {
                    case EVERY_CYCLE ->
                        Windows.validationWindows(
                                split.validation(),
                                preprocessor,
                                window,
                                options.rulCap(),
                                VALIDATION_CUTS,
                                selection.seed());
                    case LATE_LIFE ->
                        Windows.lateLifeWindows(
                                split.validation(),
                                preprocessor,
                                window,
                                options.rulCap(),
                                lateLifeHorizon(options.rulCap()));
                };
        WindowSet test = subset == null || subset.test().isEmpty()
                ? null
                : Windows.lastPerEngine(subset.test(), subset.testRul(), preprocessor, window, options.rulCap());
        return new CmapssData(subset, engines, preprocessor, training, validation, test);
    }

    /**
     * The subset's training engines split into the plant's private share ({@code train()}) and the public OEM share
     * ({@code validation()}), seeded by the subset's name so the base model and every plant agree on it.
     */
    public static EngineSplit oemSplit(CmapssSubset subset, double oemFraction) {
        return EngineSplit.byEngine(subset.train(), oemFraction, subset.name().hashCode());
    }
}
