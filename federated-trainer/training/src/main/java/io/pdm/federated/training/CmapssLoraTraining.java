package io.pdm.federated.training;

import ai.djl.ndarray.NDManager;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.training.history.CmapssHistory;
import io.pdm.federated.training.history.PlantHistory;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.cmapss.PretrainingRecord;
import io.pdm.model.cmapss.RulPredictor;
import io.pdm.model.cmapss.WindowExamples;
import io.pdm.model.data.HealthStage;
import io.pdm.model.data.cmapss.ProtocolOptions;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.ScoredWindows;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.life.CmapssProtocols;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.tensor.TensorDict;
import io.pdm.model.train.TrainingExamples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A plant's real local training: one base transformer loaded once, the plant's private C-MAPSS engines, and per
 * round LoRA fine-tuning of the global adapter on a fresh subsample of its windows, optionally with FedProx's
 * proximal term and with record-level DP-SGD ({@link LocalWork}).
 */
public final class CmapssLoraTraining implements PlantTraining {

    /** DJL's random seed is engine-wide: one training at a time keeps every round reproducible from its seed. */
    private static final Object ENGINE = LoraRounds.ENGINE;

    private static final double HELD_OUT_FRACTION = 0.1;

    private final String name;
    private final Path baseDir;
    private final NDManager manager;
    private volatile PeftAdapter lastPredicted;
    private final PdmTransformer model;
    private final String baseHash;
    private final TrainingExamples examples;
    private final WindowSet validation;
    private final WindowSet test;
    private final LocalWork work;

    private CmapssLoraTraining(
            String name,
            Path baseDir,
            TrainingExamplesFactory examples,
            WindowSet validation,
            WindowSet test,
            LocalWork work)
            throws IOException {
        this.name = name;
        this.baseDir = baseDir;
        this.manager = NDManager.newBaseManager();
        this.model = ModelCheckpoint.load(baseDir, manager);
        this.baseHash = ModelCheckpoint.baseHash(baseDir);
        this.examples = examples.create(model);
        WindowSet probe = validation != null ? validation : test;
        if (probe != null && probe.channels() != model.shape().channels()) {
            close();
            throw new IllegalArgumentException(
                    name + "'s data has " + probe.channels() + " input channels but the base model reads "
                            + model.shape().channels()
                            + ": its sensor selection differs from the one the base model was trained with");
        }
        this.validation = validation;
        this.test = test;
        this.work = Objects.requireNonNull(work, "work");
    }

    /**
     * A plant's private (non-OEM) engines of one subset, evaluated on that subset's test set. A tenth of the engines
     * is held out of training and cut like test engines (late life) for the plant's own model choices.
     */
    public static CmapssLoraTraining forPlant(Path baseDir, Path cmapssDir, String subset, LocalWork work) {
        return forPlant(baseDir, new CmapssHistory(cmapssDir, subset), work);
    }

    /**
     * A plant's private engines from either source ({@link PlantHistory}); a tenth is held out of training and cut
     * like test engines (late life) for the plant's own model choices. Only a NASA subset has a test set.
     */
    public static CmapssLoraTraining forPlant(Path baseDir, PlantHistory history, LocalWork work) {
        try {
            // The base's own window and channels (pdm_protocol.json), never local defaults; read first, so a base of
            // another protocol is refused with the reason rather than for a missing pretraining record.
            ProtocolOptions protocol = CmapssProtocols.forBase(baseDir);
            double oemFraction = PretrainingRecord.read(baseDir).oemFraction();
            CmapssData data = history.prepare(protocol, oemFraction, HELD_OUT_FRACTION, work.seed());
            return new CmapssLoraTraining(
                    history.name(),
                    baseDir,
                    model -> new WindowExamples(
                            data.training(), model.shape().rulScale(), HealthStage.Thresholds.DEFAULT),
                    data.validation(),
                    data.test(),
                    work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The aggregator's trusted data for FLTrust: the OEM's public engines of {@code subsets}, the ones the base model
     * was pretrained on (no plant's private engine), without held-out or test engines.
     */
    public static CmapssLoraTraining rootData(Path baseDir, Path cmapssDir, List<String> subsets, LocalWork work) {
        try {
            double oemFraction = PretrainingRecord.read(baseDir).oemFraction();
            List<WindowSet> windows = new java.util.ArrayList<>();
            ProtocolOptions protocol = CmapssProtocols.forBase(baseDir);
            for (String subset : subsets) {
                windows.add(CmapssData.prepare(
                                cmapssDir,
                                subset,
                                protocol,
                                new CmapssData.Selection(CmapssData.EngineShare.OEM, oemFraction, 0, work.seed()))
                        .training());
            }
            return new CmapssLoraTraining(
                    "root",
                    baseDir,
                    model -> new ConcatenatedExamples(windows.stream()
                            .<TrainingExamples>map(set ->
                                    new WindowExamples(set, model.shape().rulScale(), HealthStage.Thresholds.DEFAULT))
                            .toList()),
                    null,
                    null,
                    work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One model trained on every plant's windows at once: the upper bound a federation tries to reach. */
    public static CmapssLoraTraining pooled(Path baseDir, List<CmapssLoraTraining> plants, LocalWork work) {
        try {
            return new CmapssLoraTraining(
                    "pooled",
                    baseDir,
                    model -> new ConcatenatedExamples(
                            plants.stream().map(p -> p.examples).toList()),
                    null,
                    null,
                    work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    /** The base model's checkpoint directory (full fine-tuning of the base starts from it). */
    Path baseDir() {
        return baseDir;
    }

    /** The base model, for its shape (a model trained from scratch gets the same). */
    PdmTransformer model() {
        return model;
    }

    /** The plant's training windows, as its LoRA rounds draw them. */
    TrainingExamples examples() {
        return examples;
    }

    /** The plant's held-out engines, cut in late life; null when it holds none out. */
    WindowSet validation() {
        return validation;
    }

    /** The plant's test engines (last window each); null without a test set. */
    WindowSet test() {
        return test;
    }

    public String baseHash() {
        return baseHash;
    }

    public LocalWork work() {
        return work;
    }

    /** The plant's private training windows: DP-SGD's sampling rate is batch / this. */
    public int windowCount() {
        return examples.size();
    }

    /** This plant's data and model with other local work, e.g. a scenario's μ or DP-SGD settings. */
    public LocalTraining withWork(LocalWork other) {
        return (global, round) -> trainRound(new PeftAdapter(round.adapterConfig(), global), round.round(), other);
    }

    /** A fresh adapter (A random, B zero): the seed version every scenario starts from. */
    public PeftAdapter freshAdapter(LoraConfig config, long seed) {
        synchronized (ENGINE) {
            model.attachLora(config, seed);
            return model.lora().toPeft();
        }
    }

    @Override
    public Result train(TensorDict globalAdapter, RoundAnnouncement round) {
        return trainRound(new PeftAdapter(round.adapterConfig(), globalAdapter), round.round());
    }

    @Override
    public Result trainTowards(TensorDict start, TensorDict reference, RoundAnnouncement round, float mu) {
        return trainRound(
                new PeftAdapter(round.adapterConfig(), start), reference, round.round(), work.withProximalMu(mu));
    }

    /** Trains {@code start} for one round of local work and returns the new adapter weights. */
    public Result trainRound(PeftAdapter start, long round) {
        return trainRound(start, round, work);
    }

    /**
     * With DP-SGD each window is drawn at most once per round and the trainer's own gradient clipping is off: the
     * per-example clipping bounds the gradient, and re-clipping the noisy mean would only rescale the noise.
     */
    public Result trainRound(PeftAdapter start, long round, LocalWork with) {
        return trainRound(start, start.weights(), round, with);
    }

    /**
     * As {@link #trainRound(PeftAdapter, long, LocalWork)}, with FedProx's proximal term pulling towards
     * {@code proximalReference} instead of the starting weights (Ditto's personal objective).
     */
    public Result trainRound(PeftAdapter start, TensorDict proximalReference, long round, LocalWork with) {
        return LoraRounds.train(model, manager, examples, start, proximalReference, round, with, 1);
    }

    @Override
    public PeftAdapter trainFrom(PeftAdapter start, long round) {
        return new PeftAdapter(start.config(), trainRound(start, round).adapter());
    }

    /** RMSE on the plant's held-out engines, cut in late life like the test engines. */
    @Override
    public double validationLoss(PeftAdapter adapter) {
        return score(adapter, validation, "held-out engines").evaluation().rmse();
    }

    /** Whether the plant's data came with a test set (a NASA subset does, a plant's store does not). */
    public boolean hasTestSet() {
        return test != null;
    }

    /** RMSE and PHM08 score of the base model with this adapter on the plant's own test engines. */
    public RulEvaluation evaluate(PeftAdapter adapter) {
        return predict(adapter).evaluation();
    }

    /** The windows {@link #evaluate} scores (test or tuning engines), each with this adapter's prediction. */
    public ScoredWindows predict(PeftAdapter adapter) {
        ScoredWindows scored = score(adapter, test, "test set");
        lastPredicted = adapter;
        return scored;
    }

    /**
     * The adapter of the latest {@link #predict} call, if any: after a bench row, the adapter this plant was
     * evaluated on, which is the one it would serve (so a run can keep it for ensembles or merging).
     */
    public Optional<PeftAdapter> lastPredicted() {
        return Optional.ofNullable(lastPredicted);
    }

    private ScoredWindows score(PeftAdapter adapter, WindowSet windows, String what) {
        if (windows == null) {
            throw new IllegalStateException(name + " has no " + what + " of its own");
        }
        synchronized (ENGINE) {
            model.attachLora(adapter);
            return RulPredictor.score(model, name, windows);
        }
    }

    @Override
    public void close() {
        model.close();
        manager.close();
    }

    @FunctionalInterface
    private interface TrainingExamplesFactory {
        TrainingExamples create(PdmTransformer model);
    }
}
