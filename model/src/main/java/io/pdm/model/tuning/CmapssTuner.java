package io.pdm.model.tuning;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.lives.TuningMode;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.cmapss.CmapssModels;
import io.pdm.model.cmapss.CmapssTraining;
import io.pdm.model.cmapss.Pretraining;
import io.pdm.model.cmapss.RulEnsemble;
import io.pdm.model.cmapss.RulPredictor;
import io.pdm.model.config.ModelConfig;
import io.pdm.model.data.cmapss.CmapssEngine;
import io.pdm.model.data.cmapss.CmapssSubset;
import io.pdm.model.data.cmapss.EngineSplit;
import io.pdm.model.data.cmapss.ProtocolOptions;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.data.cmapss.Windows;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.nn.TransformerShape;
import io.pdm.model.train.TrainingMonitor;
import io.pdm.model.train.TrainingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Chooses training settings on held-out <em>training</em> engines only. Each subset's training engines are split by
 * whole engine (seeded): the models of every setting learn from one part (their epoch chosen on an inner 10 %, as in
 * {@code pdm model train}) and are scored on the other part, cut like test engines late in life. The whole run is a
 * {@link TuningMode} scope, so the C-MAPSS readers refuse any test file; the run reads {@code train_FD00N.txt} only.
 */
public final class CmapssTuner {
    private CmapssTuner() {}

    /**
     * @param monitors a progress monitor for each model trained, by its label
     * @param log      one line per finished model
     */
    public static TuningResult run(
            TuningSettings settings, Function<String, TrainingMonitor> monitors, Consumer<String> log)
            throws IOException {
        long start = System.nanoTime();
        // JVM-wide: the pool's threads below are inside the scope too.
        try (TuningMode.Scope scope = TuningMode.enter()) {
            TuningGrid grid = settings.grid();
            List<CmapssSubset> subsets = new ArrayList<>();
            for (String name : settings.subsets()) {
                subsets.add(CmapssSubset.loadTraining(settings.cmapssDir(), name));
            }
            // One model at a time: DJL's PyTorch engine allows one gradient collector per JVM. To use more cores, tune
            // each subset in its own process and combine the results (TuningResult.combine).
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                // The base first, so its adapters can start while pooled training is still running.
                CompletableFuture<Path> base = grid.loraCandidates().isEmpty()
                        ? null
                        : CompletableFuture.supplyAsync(() -> pretrainBase(settings, monitors), pool);
                List<TuningGrid.Candidate> candidates = grid.candidates();
                // pooled.get(candidate).get(subset).get(member)
                List<List<List<CompletableFuture<Scored>>>> pooled = new ArrayList<>();
                for (TuningGrid.Candidate c : candidates) {
                    int members = c.equals(grid.centre()) ? grid.maxEnsemble() : 1;
                    List<List<CompletableFuture<Scored>>> perSubset = new ArrayList<>();
                    for (CmapssSubset subset : subsets) {
                        EngineSplit outer = heldOut(subset.train(), settings);
                        List<CompletableFuture<Scored>> perMember = new ArrayList<>();
                        for (int m = 0; m < members; m++) {
                            long seed = settings.seed() + m;
                            perMember.add(CompletableFuture.supplyAsync(
                                    () -> logged(
                                            log,
                                            subset.name() + " seed " + seed + ", " + c.label(),
                                            trainPooled(settings, c, outer, seed, monitors, subset.name())),
                                    pool));
                        }
                        perSubset.add(perMember);
                    }
                    pooled.add(perSubset);
                }
                List<List<CompletableFuture<Scored>>> adapters = new ArrayList<>();
                for (TuningGrid.LoraCandidate l : grid.loraCandidates()) {
                    List<CompletableFuture<Scored>> perSubset = new ArrayList<>();
                    for (CmapssSubset subset : subsets) {
                        EngineSplit outer = heldOut(
                                CmapssData.oemSplit(subset, settings.oemFraction())
                                        .train(),
                                settings);
                        perSubset.add(base.thenApplyAsync(
                                b -> logged(
                                        log,
                                        subset.name() + " " + l.label(),
                                        LoraSearch.train(settings, b, outer, l, monitors, subset.name())),
                                pool));
                    }
                    adapters.add(perSubset);
                }
                List<TuningResult.Row> rows = new ArrayList<>();
                List<TuningResult.SubsetData> data = new ArrayList<>();
                for (int i = 0; i < candidates.size(); i++) {
                    TuningGrid.Candidate c = candidates.get(i);
                    List<List<Scored>> scored = join(pooled.get(i));
                    rows.add(row("model", c.label(), parameters(c, 1), scored, settings, 1));
                    if (c.equals(grid.centre())) {
                        for (int s = 0; s < subsets.size(); s++) {
                            Scored first = scored.get(s).get(0);
                            data.add(describe(
                                    settings.subsets().get(s),
                                    "ALL",
                                    heldOut(subsets.get(s).train(), settings),
                                    first.truth().length));
                        }
                        // An ensemble of one is the model row itself.
                        for (int k :
                                grid.ensembleSizes().stream().filter(k -> k > 1).toList()) {
                            rows.add(row(
                                    "ensemble",
                                    c.label() + ", " + k + " members",
                                    parameters(c, k),
                                    scored,
                                    settings,
                                    k));
                        }
                    }
                }
                for (int i = 0; i < adapters.size(); i++) {
                    TuningGrid.LoraCandidate l = grid.loraCandidates().get(i);
                    List<List<Scored>> scored = new ArrayList<>();
                    for (List<Scored> one : join(List.of(adapters.get(i)))) {
                        for (Scored s : one) {
                            scored.add(List.of(s));
                        }
                    }
                    if (i == 0) {
                        for (int s = 0; s < subsets.size(); s++) {
                            data.add(describe(
                                    settings.subsets().get(s),
                                    "PLANT",
                                    heldOut(
                                            CmapssData.oemSplit(subsets.get(s), settings.oemFraction())
                                                    .train(),
                                            settings),
                                    scored.get(s).get(0).truth().length));
                        }
                    }
                    rows.add(row("lora", l.label(), LoraSearch.parameters(l, settings.grid()), scored, settings, 1));
                }
                if (base != null) {
                    LoraSearch.deleteQuietly(base.join());
                }
                return new TuningResult(
                        settings,
                        data,
                        rows,
                        TuningResult.best(rows, "model"),
                        TuningResult.best(rows, "ensemble"),
                        TuningResult.best(rows, "lora"),
                        (System.nanoTime() - start) / 1_000_000_000L,
                        TuningResult.TEST_FILES_REFUSED);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Scored logged(Consumer<String> log, String what, Scored scored) {
        log.accept(String.format(
                Locale.ROOT,
                "%s: held-out RMSE %.2f (best epoch %d, %d s)",
                what,
                io.pdm.model.data.cmapss.RulMetrics.rmse(scored.predictions(), scored.truth()),
                scored.bestEpoch(),
                scored.seconds()));
        return scored;
    }

    /** Waits for every model; a failed one fails the run with its own cause (e.g. a refused test file). */
    private static List<List<Scored>> join(List<List<CompletableFuture<Scored>>> futures) throws IOException {
        List<List<Scored>> all = new ArrayList<>();
        for (List<CompletableFuture<Scored>> perSubset : futures) {
            List<Scored> one = new ArrayList<>();
            for (CompletableFuture<Scored> f : perSubset) {
                try {
                    one.add(f.join());
                } catch (CompletionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof UncheckedIOException io) {
                        throw io.getCause();
                    }
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    throw e;
                }
            }
            all.add(one);
        }
        return all;
    }

    /** The outer split: engines every model of the run learns from, and engines held out to score them. */
    static EngineSplit heldOut(List<CmapssEngine> engines, TuningSettings settings) {
        return EngineSplit.byEngine(engines, settings.heldOutFraction(), settings.seed());
    }

    /** Held-out windows: every cut with at most the cap and a fifth left, like the late-life validation. */
    static WindowSet heldOutWindows(List<CmapssEngine> engines, CmapssData fitted, ProtocolOptions protocol) {
        return Windows.lateLifeWindows(
                engines,
                fitted.preprocessor(),
                protocol.window(),
                protocol.rulCap(),
                CmapssData.lateLifeHorizon(protocol.rulCap()));
    }

    record Scored(float[] predictions, float[] truth, int bestEpoch, long seconds) {}

    private static Scored trainPooled(
            TuningSettings settings,
            TuningGrid.Candidate c,
            EngineSplit outer,
            long seed,
            Function<String, TrainingMonitor> monitors,
            String subset) {
        long t0 = System.nanoTime();
        ProtocolOptions protocol =
                ProtocolOptions.defaults().withWindow(c.window()).withCycleChannel(settings.cycleChannel());
        CmapssData data = CmapssData.fromEngines(outer.train(), protocol, CmapssData.Selection.all(seed));
        ModelConfig config = CmapssModels.config(
                new CmapssModels.Size(settings.hidden(), settings.layers(), c.patch(), settings.dropout()),
                data.preprocessor().channels(),
                protocol.rulCap());
        try (NDManager manager = NDManager.newBaseManager();
                PdmTransformer model = PdmTransformer.initialize(TransformerShape.of(config), manager, seed)) {
            CmapssTraining.Outcome outcome = CmapssTraining.run(
                    model,
                    data,
                    options(settings, c.epochs(), settings.learningRate(), seed),
                    CmapssTraining.DEFAULT_WEIGHTS,
                    c.noise(),
                    monitors.apply(subset + " seed " + seed + " " + c.label()));
            WindowSet held = heldOutWindows(outer.validation(), data, protocol);
            return new Scored(
                    RulPredictor.predict(model, held),
                    held.rulTargets(),
                    outcome.training().bestEpoch(),
                    (System.nanoTime() - t0) / 1_000_000_000L);
        }
    }

    static TrainingOptions options(TuningSettings settings, int epochs, float lr, long seed) {
        // Patience 0: the whole cosine runs and the best inner-validation epoch is kept, as in pdm model train.
        return TrainingOptions.defaults()
                .withEpochs(epochs)
                .withBatchSize(settings.batch())
                .withLearningRate(lr)
                .withPatience(0)
                .withSeed(seed);
    }

    static RulEvaluation evaluate(String subset, List<float[]> members, float[] truth) {
        return new RulEnsemble(subset, members, truth).evaluate();
    }

    /** A row from the first {@code k} members' predictions of each subset (their mean, for k > 1). */
    static TuningResult.Row row(
            String kind,
            String label,
            Map<String, Object> parameters,
            List<List<Scored>> scored,
            TuningSettings settings,
            int k) {
        List<Double> rmse = new ArrayList<>();
        List<Double> score = new ArrayList<>();
        List<Integer> bestEpochs = new ArrayList<>();
        long seconds = 0;
        for (int s = 0; s < scored.size(); s++) {
            List<Scored> members = scored.get(s).subList(0, k);
            RulEvaluation e = evaluate(
                    settings.subsets().get(s),
                    members.stream().map(Scored::predictions).toList(),
                    members.get(0).truth());
            rmse.add(e.rmse());
            score.add(e.score());
            members.forEach(m -> bestEpochs.add(m.bestEpoch()));
            seconds += members.stream().mapToLong(Scored::seconds).sum();
        }
        return new TuningResult.Row(kind, label, parameters, rmse, score, bestEpochs, seconds);
    }

    static Map<String, Object> parameters(TuningGrid.Candidate c, int ensemble) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("window", c.window());
        p.put("patch", c.patch());
        p.put("epochs", c.epochs());
        p.put("noise", c.noise());
        p.put("ensemble", ensemble);
        return p;
    }

    static TuningResult.SubsetData describe(String subset, String share, EngineSplit outer, int heldOutWindows) {
        return new TuningResult.SubsetData(
                subset,
                share,
                outer.train().stream().map(CmapssEngine::unit).toList(),
                outer.validation().stream().map(CmapssEngine::unit).toList(),
                heldOutWindows,
                CmapssData.lateLifeHorizon(ProtocolOptions.defaults().rulCap()));
    }

    /** A base pretrained inside the run (on the OEM share of the tuned subsets' training files) and saved to a temp dir. */
    static Path pretrainBase(TuningSettings settings, Function<String, TrainingMonitor> monitors) {
        TuningGrid grid = settings.grid();
        ProtocolOptions protocol =
                ProtocolOptions.defaults().withWindow(grid.windows().get(0));
        Pretraining.Settings pretraining = new Pretraining.Settings(
                settings.cmapssDir(),
                settings.subsets(),
                settings.oemFraction(),
                null,
                0,
                new CmapssModels.Size(
                        settings.hidden(), settings.layers(), grid.patches().get(0), settings.dropout()),
                protocol,
                options(settings, grid.loraEpochs(), settings.learningRate(), settings.seed()));
        try (NDManager manager = NDManager.newBaseManager()) {
            Path dir = Files.createTempDirectory("pdm-tune-base");
            Pretraining.Outcome outcome =
                    Pretraining.run(pretraining, CmapssSubset::loadTraining, manager, monitors.apply("base"));
            try (PdmTransformer model = outcome.model()) {
                ModelCheckpoint.save(model, outcome.config(), dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
