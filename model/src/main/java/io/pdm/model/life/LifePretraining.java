package io.pdm.model.life;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.AssetType;
import io.pdm.assets.lives.Life;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.cmapss.CmapssTraining;
import io.pdm.model.cmapss.RulPredictor;
import io.pdm.model.cmapss.WindowExamples;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.data.HealthStage;
import io.pdm.model.data.cmapss.RulMetrics;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TransformerShape;
import io.pdm.model.train.ModelTrainer;
import io.pdm.model.train.Objective;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Pretrains a base remaining-life model for any asset type from its lives: whole assets held out (never a window of
 * one machine on both sides), normalisation fitted on the training lives (per operating regime when the type defines
 * regimes: {@link RegimeFit}), the epoch chosen on the held-out lives only,
 * and the interval calibrated by split conformal on the same held-out lives ({@link ConformalInterval}).
 */
public final class LifePretraining {
    /** Bins of predicted RUL for the interval; four keeps ≥ 20 windows per bin with a handful of held-out lives. */
    public static final int INTERVAL_BINS = 4;

    /**
     * @param window             input window in steps (the type's, unless overridden)
     * @param rulCap             cap of the RUL target, in life units
     * @param ageChannel         whether the age is an input (only when ages are real ages, e.g. C-MAPSS cycles)
     * @param validationFraction share of lives held out for epoch choice and calibration
     * @param level              the interval's nominal coverage
     * @param stride             steps between training windows
     */
    public record Settings(
            AssetType type,
            List<Life> lives,
            int window,
            double rulCap,
            boolean ageChannel,
            CmapssModels.Size size,
            TrainingOptions training,
            double validationFraction,
            double level,
            int stride) {
        public Settings {
            lives = List.copyOf(lives);
            if (lives.size() < 4) {
                throw new IllegalArgumentException(
                        "need at least 4 lives (training and held-out), got " + lives.size());
            }
            if (!(validationFraction > 0 && validationFraction < 1)) {
                throw new IllegalArgumentException("validationFraction must be in (0, 1)");
            }
            for (Life life : lives) {
                if (!life.typeId().equals(type.id())) {
                    throw new ProtocolMismatchException(
                            "life " + life.lifeId() + " is of type " + life.typeId() + ", not " + type.id());
                }
            }
        }

        /** The type's window, a cap of 1.5 × the healthy boundary, age off, 90 % intervals. */
        public static Settings of(AssetType type, List<Life> lives, CmapssModels.Size size, TrainingOptions training) {
            return new Settings(
                    type,
                    lives,
                    type.window(),
                    1.5 * type.thresholds().healthStage().healthyAbove(),
                    false,
                    size,
                    training,
                    0.2,
                    0.9,
                    1);
        }
    }

    /** The trained base (owned by the caller), its config and protocol, and what it was trained on. */
    public record Outcome(PdmTransformer model, ModelConfig config, LifeProtocol protocol, LifePretrainingRecord record)
            implements AutoCloseable {
        /** Writes config.json, model.safetensors, pdm_protocol.json and life_pretraining.json. */
        public void save(Path dir) throws IOException {
            ModelCheckpoint.save(model, config, dir);
            protocol.write(dir);
            record.write(dir);
        }

        @Override
        public void close() {
            model.close();
        }
    }

    private LifePretraining() {}

    public static Outcome run(Settings s, NDManager manager, TrainingMonitor monitor) {
        long start = System.nanoTime();
        List<String> channels = s.type().modelChannels();
        List<List<Life>> split =
                holdOutAssets(s.lives(), s.validationFraction(), s.training().seed());
        List<Life> training = split.get(0);
        List<Life> validation = split.get(1);
        double[][] norm = LifeWindows.fitNormalisation(training, channels);
        // Regimes and their statistics from the training lives only, like the pooled z-score.
        RegimeNormalisation regimes = s.type().regimes() == null
                ? null
                : RegimeFit.fit(training, s.type().regimes(), channels, norm);
        var stages = s.type().thresholds().healthStage();
        ModelConfig config =
                CmapssModels.config(s.size(), channels.size() + (s.ageChannel() ? 1 : 0), (int) Math.ceil(s.rulCap()));
        config = config.withPdm(new io.pdm.model.config.SensorConfig(
                s.size().patchSize(),
                config.pdm().numChannels(),
                config.pdm().maxPatches(),
                config.pdm().numClasses(),
                config.pdm().classNames(),
                s.rulCap(), // a fractional cap (hours) must not be rounded: targets are divided by it
                config.pdm().tokenizer(),
                config.pdm().dropout()));
        LifeProtocol protocol = new LifeProtocol(
                s.type().id(),
                s.type().lifeUnit().name(),
                s.type().lifePerStep(),
                channels,
                regimes == null ? LifeProtocol.Z_SCORE : LifeProtocol.PER_REGIME,
                norm[0],
                norm[1],
                s.window(),
                s.size().patchSize(),
                s.ageChannel(),
                s.rulCap(),
                config.pdm().classNames(),
                stages.healthyAbove(),
                stages.degradingAbove(),
                null,
                regimes);
        WindowSet train = LifeWindows.training(training, protocol, s.stride());
        WindowSet held = LifeWindows.everyStep(validation, protocol);
        if (train.count() == 0 || held.count() == 0) {
            throw new IllegalArgumentException("the lives give " + train.count() + " training and " + held.count()
                    + " held-out windows; need both");
        }
        PdmTransformer model = PdmTransformer.initialize(
                TransformerShape.of(config), manager, s.training().seed());
        try {
            HealthStage.Thresholds thresholds =
                    new HealthStage.Thresholds(stages.healthyAbove(), stages.degradingAbove());
            ModelTrainer.Result result = ModelTrainer.train(
                    model,
                    new WindowExamples(train, (float) s.rulCap(), thresholds),
                    new Objective(CmapssTraining.DEFAULT_WEIGHTS),
                    s.training(),
                    m -> RulMetrics.rmse(RulPredictor.predict(m, held), held.rulTargets()),
                    monitor);
            float[] predicted = RulPredictor.predict(model, held);
            ConformalInterval interval =
                    ConformalInterval.fit(predicted, held.rulTargets(), s.level(), INTERVAL_BINS, s.rulCap());
            protocol = protocol.withInterval(interval);
            LifePretrainingRecord record = new LifePretrainingRecord(
                    s.type().id(),
                    training.size(),
                    validation.size(),
                    validation.stream().map(Life::lifeId).toList(),
                    train.count(),
                    held.count(),
                    s.training(),
                    result.bestEpoch(),
                    result.epochs().size(),
                    result.bestScore(),
                    meanPredictorRmse(train.rulTargets(), held.rulTargets()),
                    (System.nanoTime() - start) / 1e9);
            return new Outcome(model, config, protocol, record);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Holds out whole assets (every life of an asset on one side): lives of one machine share its nameplate and
     * installation, so a held-out life of a machine seen in training would flatter the score. Assets are drawn in a
     * seeded order until the held-out side has {@code fraction} of the lives (at least two lives, at least one asset
     * left for training).
     *
     * @return training lives, then held-out lives, each in input order
     */
    public static List<List<Life>> holdOutAssets(List<Life> lives, double fraction, long seed) {
        List<String> assets =
                new ArrayList<>(lives.stream().map(Life::assetId).distinct().toList());
        if (assets.size() < 2) {
            throw new IllegalArgumentException("need lives of at least two assets to hold one out, got " + assets);
        }
        Collections.shuffle(assets, new Random(seed));
        java.util.Set<String> held = new java.util.HashSet<>();
        long heldLives = 0;
        long wanted = Math.max(2, Math.round(lives.size() * fraction));
        for (String asset : assets.subList(0, assets.size() - 1)) {
            if (heldLives >= wanted) {
                break;
            }
            held.add(asset);
            heldLives += lives.stream().filter(l -> l.assetId().equals(asset)).count();
        }
        return List.of(
                lives.stream().filter(l -> !held.contains(l.assetId())).toList(),
                lives.stream().filter(l -> held.contains(l.assetId())).toList());
    }

    /** RMSE of always predicting the mean training target: the baseline a model must beat. */
    static double meanPredictorRmse(float[] trainingTargets, float[] heldTargets) {
        double mean = 0;
        for (float t : trainingTargets) {
            mean += t / (double) trainingTargets.length;
        }
        float[] constant = new float[heldTargets.length];
        java.util.Arrays.fill(constant, (float) mean);
        return RulMetrics.rmse(constant, heldTargets);
    }
}
