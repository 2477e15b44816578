package io.pdm.federated.training;

import ai.djl.ndarray.NDManager;
import io.pdm.assets.lives.Life;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.cmapss.RulPredictor;
import io.pdm.model.cmapss.WindowExamples;
import io.pdm.model.data.HealthStage;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.RulMetrics;
import io.pdm.model.data.cmapss.WindowSet;
import io.pdm.model.life.LifePretraining;
import io.pdm.model.life.LifeProtocol;
import io.pdm.model.life.LifeWindows;
import io.pdm.model.life.ProtocolMismatchException;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.nn.PdmTransformer;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plant's LoRA training for a base of any asset type ({@code io.pdm.model.life}): the plant's lives, re-read before
 * every round (a streaming plant gains lives as it runs), cut into windows and targets exactly as {@link
 * LifePretraining} built the base's ({@link LifeWindows#training}, stride 1, min(cap, remaining life), the base's
 * stage thresholds), and per round {@code epochs} passes over a seeded subsample of {@code steps × batch} windows.
 * Whole assets are held out of training ({@link LifePretraining#holdOutAssets}, a fifth of the lives) once the plant
 * has lives of two assets and at least four lives, for the plant's own choices ({@link #validationLoss}), unless the
 * held-out assets would take every training window.
 */
public final class LifeLoraTraining implements PlantTraining {
    private static final Logger LOG = LoggerFactory.getLogger(LifeLoraTraining.class);
    private static final double HELD_OUT_FRACTION = 0.2;
    private static final int MIN_LIVES_TO_HOLD_OUT = 4;

    /** The plant's lives of the base's asset type with its channels, as they are now. */
    @FunctionalInterface
    public interface Lives {
        List<Life> read(LifeProtocol protocol) throws IOException;
    }

    private final String name;
    private final NDManager manager;
    private final PdmTransformer model;
    private final LifeProtocol protocol;
    private final String baseHash;
    private final Lives lives;
    private final LocalWork work;
    private final int epochs;
    private Data data;

    private record Data(List<Life> lives, WindowExamples training, WindowSet heldOut) {}

    /**
     * Loads the base and reads the plant's lives once, so a plant without a single training window fails at start.
     *
     * @param epochs passes over each round's subsample
     */
    public LifeLoraTraining(String name, Path baseDir, Lives lives, LocalWork work, int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1: " + epochs);
        this.name = Objects.requireNonNull(name, "name");
        this.lives = Objects.requireNonNull(lives, "lives");
        this.work = Objects.requireNonNull(work, "work");
        this.epochs = epochs;
        try {
            this.protocol = LifeProtocol.read(baseDir);
            this.baseHash = ModelCheckpoint.baseHash(baseDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.manager = NDManager.newBaseManager();
        try {
            this.model = ModelCheckpoint.load(baseDir, manager);
            this.data = prepare(lives.read(protocol));
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public LifeProtocol protocol() {
        return protocol;
    }

    /** Re-reads the plant's lives; windows are rebuilt only when the lives changed. */
    public synchronized void refresh() {
        try {
            List<Life> now = lives.read(protocol);
            if (!now.equals(data.lives())) {
                data = prepare(now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": re-reading the plant's lives failed", e);
        }
    }

    private Data prepare(List<Life> all) {
        for (Life life : all) {
            if (!life.typeId().equals(protocol.assetType())) {
                throw new ProtocolMismatchException("life " + life.lifeId() + " is of type " + life.typeId()
                        + ", the base's is " + protocol.assetType());
            }
        }
        List<Life> training = all;
        List<Life> heldOut = List.of();
        long assets = all.stream().map(Life::assetId).distinct().count();
        if (all.size() >= MIN_LIVES_TO_HOLD_OUT && assets >= 2) {
            List<List<Life>> split = LifePretraining.holdOutAssets(all, HELD_OUT_FRACTION, work.seed());
            training = split.get(0);
            heldOut = split.get(1);
        }
        WindowSet windows = LifeWindows.training(training, protocol, 1);
        if (windows.count() == 0 && !heldOut.isEmpty()) {
            // The held-out assets took every life with a known target (early on, a plant has one or two ended
            // lives): training comes first, so nothing is held out until the rest can train.
            training = all;
            heldOut = List.of();
            windows = LifeWindows.training(training, protocol, 1);
        }
        if (windows.count() == 0) {
            throw new IllegalStateException(name + " has no training window in its " + training.size() + " "
                    + protocol.assetType() + " lives (each needs a known target: a life that ended, or one observed"
                    + " for more than the cap of " + protocol.rulCap() + " "
                    + protocol.lifeUnit().toLowerCase() + ")");
        }
        WindowSet held = heldOut.isEmpty() ? null : LifeWindows.everyStep(heldOut, protocol);
        LOG.info(
                "{}: {} lives → {} training windows, {} held-out lives ({} windows)",
                name,
                all.size(),
                windows.count(),
                heldOut.size(),
                held == null ? 0 : held.count());
        return new Data(
                List.copyOf(all),
                new WindowExamples(
                        windows,
                        (float) protocol.rulCap(),
                        new HealthStage.Thresholds(protocol.healthyAbove(), protocol.degradingAbove())),
                held == null || held.count() == 0 ? null : held);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String baseHash() {
        return baseHash;
    }

    @Override
    public LocalWork work() {
        return work;
    }

    @Override
    public synchronized int windowCount() {
        return data.training().size();
    }

    /** Lives the plant trains and validates on now. */
    public synchronized int lifeCount() {
        return data.lives().size();
    }

    @Override
    public PeftAdapter freshAdapter(LoraConfig config, long seed) {
        synchronized (LoraRounds.ENGINE) {
            model.attachLora(config, seed);
            return model.lora().toPeft();
        }
    }

    @Override
    public Result train(TensorDict globalAdapter, RoundAnnouncement round) {
        refresh();
        PeftAdapter start = new PeftAdapter(round.adapterConfig(), globalAdapter);
        return trainRound(start, start.weights(), round.round(), work);
    }

    @Override
    public Result trainTowards(TensorDict start, TensorDict reference, RoundAnnouncement round, float mu) {
        refresh();
        return trainRound(
                new PeftAdapter(round.adapterConfig(), start), reference, round.round(), work.withProximalMu(mu));
    }

    @Override
    public PeftAdapter trainFrom(PeftAdapter start, long round) {
        return new PeftAdapter(
                start.config(), trainRound(start, start.weights(), round, work).adapter());
    }

    private Result trainRound(PeftAdapter start, TensorDict reference, long round, LocalWork with) {
        WindowExamples examples;
        synchronized (this) {
            examples = data.training();
        }
        return LoraRounds.train(model, manager, examples, start, reference, round, with, epochs);
    }

    /** RMSE (life units) on the plant's held-out lives; refused while the plant has too few lives to hold any out. */
    @Override
    public double validationLoss(PeftAdapter adapter) {
        WindowSet held;
        synchronized (this) {
            held = data.heldOut();
        }
        if (held == null) {
            throw new IllegalStateException(name + " holds no lives out yet: it needs lives of two assets and at least "
                    + MIN_LIVES_TO_HOLD_OUT + " lives");
        }
        synchronized (LoraRounds.ENGINE) {
            model.attachLora(adapter);
            return RulMetrics.rmse(RulPredictor.predict(model, held), held.rulTargets());
        }
    }

    /** Whether {@link #validationLoss} can score now. */
    public synchronized boolean hasHeldOut() {
        return data.heldOut() != null;
    }

    @Override
    public boolean hasTestSet() {
        return false;
    }

    @Override
    public RulEvaluation evaluate(PeftAdapter adapter) {
        throw new IllegalStateException(name + "'s lives come from its store: there is no test set");
    }

    @Override
    public void close() {
        model.close();
        manager.close();
    }
}
