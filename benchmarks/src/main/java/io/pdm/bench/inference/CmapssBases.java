package io.pdm.bench.inference;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.lives.CmapssLives;
import io.pdm.assets.lives.Life;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.life.BaseModelCache;
import io.pdm.model.life.LifePretraining;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A small remaining-life base per C-MAPSS subset for the evaluation, pretrained on the subset's training engines only
 * ({@link LifePretraining}: 20 % of the engines held out choose the epoch and calibrate the interval), cached like the
 * pump base so a second run starts at once. The test engines are never seen before the replay.
 *
 * @param stride  steps between training windows (consecutive windows overlap almost entirely, so 4 loses little)
 * @param regimes whether the bases normalise per operating condition (the type's regimes); false gives the bases of
 *                the type without them, one z-score over all conditions, as before regimes existed
 */
public record CmapssBases(
        Path dataDir, Path cacheDir, CmapssModels.Size size, TrainingOptions training, int stride, boolean regimes) {
    /** Small on purpose (minutes for all four subsets on two cores); the report says so. */
    public static CmapssBases small(Path dataDir, Path cacheDir, int epochs, int stride) {
        return sized(dataDir, cacheDir, SMALL, epochs, 0, stride);
    }

    /** The evaluation's own size: 32 wide, 1 layer. */
    public static final CmapssModels.Size SMALL = new CmapssModels.Size(32, 1, 5, 0.1);

    /**
     * Bases of another size or training (e.g. the platform's 64 × 2) for comparing on validation lives; the size and
     * the training are part of the cache key, so the small bases' cache is untouched.
     *
     * @param patience epochs without a better held-out score before stopping (0: all epochs; the best one is kept)
     */
    public static CmapssBases sized(
            Path dataDir, Path cacheDir, CmapssModels.Size size, int epochs, int patience, int stride) {
        return new CmapssBases(
                dataDir,
                cacheDir,
                size,
                TrainingOptions.defaults()
                        .withEpochs(epochs)
                        .withBatchSize(128)
                        .withLearningRate(3e-3f)
                        .withPatience(patience),
                stride,
                true);
    }

    /** The same bases without the type's regimes (the before of a before/after). */
    public CmapssBases withRegimes(boolean value) {
        return new CmapssBases(dataDir, cacheDir, size, training, stride, value);
    }

    /** The turbofan type the bases are pretrained for: the built-in one, without its regimes when they are off. */
    public AssetType type() throws IOException {
        AssetType type = AssetTypes.builtIn(CmapssLives.TYPE);
        return regimes ? type : type.withoutRegimes();
    }

    public Path ensure(String subset, TrainingMonitor monitor) throws IOException {
        AssetType type = type();
        CmapssLives train = new CmapssLives(dataDir, subset, CmapssLives.Split.TRAIN);
        return BaseModelCache.ensure(
                cacheDir,
                typeId(type, subset),
                identity(subset),
                BaseModelCache.describe(settings(type, placeholder())),
                train,
                lives -> settings(type, lives),
                monitor);
    }

    /** The cache directory's name of the subset's base (no training: for telling bases apart). */
    public String cacheKey(String subset) throws IOException {
        AssetType type = type();
        return BaseModelCache.key(
                typeId(type, subset), identity(subset), BaseModelCache.describe(settings(type, placeholder())));
    }

    private static String typeId(AssetType type, String subset) {
        return type.id() + "-" + subset.toLowerCase(java.util.Locale.ROOT);
    }

    private String identity(String subset) {
        return "cmapss "
                + CmapssLives.file(dataDir, subset, CmapssLives.Split.TRAIN).getFileName();
    }

    /**
     * The subset's training engines that the base held out (they chose its epoch and calibrated its interval; the
     * weights never saw them): the validation lives on which alert settings are chosen, whole runs to failure.
     */
    public List<Life> validationLives(String subset) throws IOException {
        AssetType type = type();
        List<Life> train = new CmapssLives(dataDir, subset, CmapssLives.Split.TRAIN).lives();
        LifePretraining.Settings s = settings(type, train);
        return LifePretraining.holdOutAssets(
                        train, s.validationFraction(), s.training().seed())
                .get(1);
    }

    LifePretraining.Settings settings(AssetType type, List<Life> lives) {
        LifePretraining.Settings d = LifePretraining.Settings.of(type, lives, size, training);
        return new LifePretraining.Settings(
                type,
                lives,
                d.window(),
                d.rulCap(),
                d.ageChannel(),
                size,
                training,
                d.validationFraction(),
                d.level(),
                stride);
    }

    private static List<Life> placeholder() {
        Life one = new Life(
                "placeholder",
                "placeholder",
                CmapssLives.TYPE,
                List.of("x"),
                new double[][] {{0}},
                new double[] {0},
                io.pdm.assets.lives.LifeEnd.FAILED,
                0.0);
        return List.of(one, one, one, one);
    }
}
