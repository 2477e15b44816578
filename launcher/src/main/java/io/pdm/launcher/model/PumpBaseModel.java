package io.pdm.launcher.model;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.devices.lives.PumpLives;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.life.BaseModelCache;
import io.pdm.model.life.LifePretraining;
import io.pdm.model.train.ConsoleProgress;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The simulator pump set's base model, pretrained on first use from simulated lives ({@link PumpLives#demo}) and
 * cached under {@code cacheDir/pump-set-<hash>}; later calls return the cached directory at once. About two minutes
 * on a 2-core machine (docs/results/remaining-life.md).
 */
public final class PumpBaseModel {
    /** Small on purpose: 13 channels, 10-step windows of two patches; pretrained in minutes on a laptop CPU. */
    static final CmapssModels.Size SIZE = new CmapssModels.Size(32, 1, 5, 0.1);

    /**
     * Held-out RMSE was best by epoch 4–5 of 20 with a 48-wide, 2-layer model (it then overfits the ~100 lives), so
     * 10 epochs of a smaller model: the epoch is still chosen on the held-out lives.
     */
    static final TrainingOptions TRAINING = TrainingOptions.defaults()
            .withEpochs(10)
            .withBatchSize(64)
            .withLearningRate(3e-3f)
            .withPatience(0);

    /** The seeds the demo's base is pretrained on; the alert evaluation validates on 5 and 6 and tests on 11-13. */
    public static final List<Long> DEMO_SEEDS = List.of(1L, 2L, 3L, 4L);

    private PumpBaseModel() {}

    /** The cached base directory, pretraining it first if needed; progress lines go to {@code out}. */
    public static Path ensure(Path cacheDir, PrintStream out) throws IOException {
        return ensure(cacheDir, out, DEMO_SEEDS);
    }

    /**
     * The same recipe on the demo fleet simulated with other seeds (more seeds: more pretraining lives), cached apart
     * from the demo's base; {@link #DEMO_SEEDS} gives the demo's base itself.
     */
    public static Path ensure(Path cacheDir, PrintStream out, List<Long> seeds) throws IOException {
        return ensure(cacheDir, out, seeds, null);
    }

    /**
     * As {@link #ensure(Path, PrintStream, List)}, with input windows of {@code window} steps instead of the type's
     * (null: the type's). The service reads the window from the base's protocol, so such a base scores the same type;
     * for comparing recipes in {@code pdm alerts eval}, cached apart.
     */
    public static Path ensure(Path cacheDir, PrintStream out, List<Long> seeds, Integer window) throws IOException {
        return ensure(cacheDir, out, seeds, window, false);
    }

    /**
     * As {@link #ensure(Path, PrintStream, List, Integer)}; with {@code age} the base also reads the pump's age, the
     * time since its last restoring maintenance (the lives' ages; {@code secondsSinceMaintenance} in the service), as
     * its last input channel. Cached apart ({@code age=true} is part of the key).
     */
    public static Path ensure(Path cacheDir, PrintStream out, List<Long> seeds, Integer window, boolean age)
            throws IOException {
        if (seeds.isEmpty()) throw new IllegalArgumentException("the pump base needs at least one simulator seed");
        AssetType type = AssetTypes.builtIn("pump-set");
        // The lives' identity (a cache key) holds the type: without its alert-only upperBoundBelow, so choosing that
        // setting does not re-simulate and retrain the base it is chosen for.
        return ensure(
                cacheDir, out, PumpLives.demo(BaseModelCache.keyType(type)).withSeeds(seeds), window, age);
    }

    /** The recipe on the lives of {@code source} (a smaller fleet in tests). */
    static Path ensure(Path cacheDir, PrintStream out, PumpLives source, Integer window, boolean age)
            throws IOException {
        if (window != null && (window < SIZE.patchSize() || window % SIZE.patchSize() != 0)) {
            throw new IllegalArgumentException("the pump base's window must be a positive multiple of its patch "
                    + SIZE.patchSize() + ", got " + window);
        }
        AssetType type = AssetTypes.builtIn("pump-set");
        LifePretraining.Settings template =
                recipe(LifePretraining.Settings.of(type, placeholder(), SIZE, TRAINING), window, age);
        boolean interactive = System.console() != null;
        return BaseModelCache.ensure(
                cacheDir,
                type.id(),
                source.identity(),
                BaseModelCache.describe(template),
                () -> {
                    out.println(
                            "pump-set base model: simulating " + source.seeds().size() + " × "
                                    + source.simulated().toHours() + " h of "
                                    + source.fleet().assetsPerPlant()
                                    + " pumps (first use only)");
                    long start = System.nanoTime();
                    var lives = source.lives(new SimulationProgress(out, interactive));
                    out.printf("%n%d lives simulated in %.0f s%n", lives.size(), (System.nanoTime() - start) / 1e9);
                    return lives;
                },
                lives -> recipe(LifePretraining.Settings.of(type, lives, SIZE, TRAINING), window, age),
                new ConsoleProgress(out, interactive, "pretrain pump-set"));
    }

    /** The settings with another window (null: the type's) and the age channel on or off. */
    private static LifePretraining.Settings recipe(LifePretraining.Settings s, Integer window, boolean age) {
        return new LifePretraining.Settings(
                s.type(),
                s.lives(),
                window == null ? s.window() : window,
                s.rulCap(),
                age,
                s.size(),
                s.training(),
                s.validationFraction(),
                s.level(),
                s.stride());
    }

    /** Settings need lives to be valid; the template only feeds the cache key, so four empty stand-ins do. */
    private static List<io.pdm.assets.lives.Life> placeholder() {
        io.pdm.assets.lives.Life one = new io.pdm.assets.lives.Life(
                "placeholder",
                "placeholder",
                "pump-set",
                List.of("x"),
                new double[][] {{0}},
                new double[] {0},
                io.pdm.assets.lives.LifeEnd.FAILED,
                0.0);
        return List.of(one, one, one, one);
    }

    /** A bar over simulated time, redrawn in place on a terminal and every quarter otherwise. */
    private static final class SimulationProgress implements java.util.function.DoubleConsumer {
        private final PrintStream out;
        private final boolean interactive;
        private int lastQuarter = -1;

        SimulationProgress(PrintStream out, boolean interactive) {
            this.out = out;
            this.interactive = interactive;
        }

        @Override
        public synchronized void accept(double fraction) {
            int filled = (int) Math.round(24 * Math.min(1, fraction));
            if (interactive) {
                out.printf("\rsimulate [%s%s] %3.0f%%", "=".repeat(filled), " ".repeat(24 - filled), 100 * fraction);
            } else if ((int) (fraction * 4) > lastQuarter) {
                lastQuarter = (int) (fraction * 4);
                out.printf("simulate %3.0f%%%n", 100 * fraction);
            }
            out.flush();
        }
    }
}
