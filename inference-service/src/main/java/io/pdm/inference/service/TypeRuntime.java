package io.pdm.inference.service;

import io.pdm.assets.AssetType;
import io.pdm.assets.Limit;
import io.pdm.assets.Thresholds;
import io.pdm.inference.condition.ChannelLimits;
import io.pdm.inference.policy.PolicySettings;
import io.pdm.inference.scoring.AdapterSlot;
import io.pdm.inference.scoring.AssetWindows;
import io.pdm.inference.scoring.RefusedVersionException;
import io.pdm.model.life.LifePrediction;
import io.pdm.model.life.RemainingLifeModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the service holds for one asset type of a plant: the type, each asset's window in the type's channel order,
 * and, when the type has a remaining-life base model, the slot of the plant's adapter versions for it. Everything
 * about the model's inputs (channels, window) comes from the base's protocol, never from defaults.
 */
final class TypeRuntime {
    /** Announced version of the base alone, before any adapter. */
    static final long BASE_ONLY = -1;

    private final AssetType type;
    private final AssetWindows windows;
    private final Path baseDir;
    private final AdapterSlot<RemainingLifeModel> slot;

    private TypeRuntime(AssetType type, AssetWindows windows, Path baseDir, AdapterSlot<RemainingLifeModel> slot) {
        this.type = type;
        this.windows = windows;
        this.baseDir = baseDir;
        this.slot = slot;
    }

    /** A type watched for its condition only (no base model). */
    static TypeRuntime conditionOnly(AssetType type) {
        return new TypeRuntime(
                type, windowsOf(type.channels().stream().map(c -> c.name()).toList(), type, 1), null, null);
    }

    /**
     * A type with a base model: the base alone serves until the plant's first adapter version arrives. The base must
     * be of this type (its protocol says so), else it is refused here, at start.
     */
    static TypeRuntime withModel(AssetType type, Path baseDir, Clock clock) throws IOException {
        RemainingLifeModel base = RemainingLifeModel.load(baseDir, null);
        if (!type.id().equals(base.protocol().assetType())) {
            String baseType = base.protocol().assetType();
            base.close();
            throw new IllegalArgumentException(
                    "base model " + baseDir + " is for asset type " + baseType + ", not " + type.id());
        }
        try {
            smoke(base);
        } catch (RefusedVersionException e) {
            base.close();
            throw new IllegalArgumentException("base model " + baseDir + " cannot serve: " + e.getMessage(), e);
        }
        AdapterSlot.Loaded<RemainingLifeModel> initial = new AdapterSlot.Loaded<>(
                new AdapterSlot.Announced(BASE_ONLY, baseDir.toString(), base.baseHash()), base, clock.instant());
        AdapterSlot<RemainingLifeModel> slot =
                new AdapterSlot<>(announced -> loadAdapter(baseDir, base.baseHash(), announced), clock, initial);
        // The model's channels and, for a per-regime base, the context channels that find each step's regime.
        List<String> channels = base.protocol().windowChannels();
        return new TypeRuntime(type, windowsOf(channels, type, base.protocol().window()), baseDir, slot);
    }

    private static AssetWindows windowsOf(List<String> channels, AssetType type, int length) {
        Duration step = type.step().duration();
        Duration maxGap = step == null ? Duration.ofDays(365) : step.multipliedBy(3);
        return new AssetWindows(channels, length, maxGap);
    }

    /**
     * Loads base + adapter and checks it before it may serve: base hash, shapes (in load) and a smoke prediction. A
     * version with members is an ensemble: one base and its K adapters as one model, each member checked so.
     */
    private static RemainingLifeModel loadAdapter(Path baseDir, String baseHash, AdapterSlot.Announced announced)
            throws RefusedVersionException {
        if (!announced.members().isEmpty()) return EnsembleVersions.load(baseDir, baseHash, announced);
        if (announced.weightsSha256() != null && announced.weightsSha256().isBlank()) {
            throw new RefusedVersionException("version " + announced.version() + " has an empty weights hash");
        }
        RemainingLifeModel model;
        try {
            model = RemainingLifeModel.load(baseDir, Path.of(announced.directory()));
        } catch (IOException | RuntimeException e) {
            throw new RefusedVersionException(
                    "version " + announced.version() + " does not load on base " + baseHash + ": " + e.getMessage(), e);
        }
        try {
            smoke(model);
        } catch (RefusedVersionException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** One prediction on the training means: a model that cannot give a finite answer there must not serve. */
    static void smoke(RemainingLifeModel model) throws RefusedVersionException {
        var protocol = model.protocol();
        double[] row = protocol.typicalStep();
        double[][] window = new double[protocol.window()][];
        Arrays.fill(window, row);
        LifePrediction p;
        try {
            p = model.predict(protocol.windowChannels(), window, 0);
        } catch (RuntimeException e) {
            throw new RefusedVersionException("smoke prediction failed: " + e.getMessage(), e);
        }
        if (!Double.isFinite(p.rul()) || !Double.isFinite(p.lower()) || !Double.isFinite(p.upper())) {
            throw new RefusedVersionException("smoke prediction is not finite: " + p);
        }
    }

    AssetType type() {
        return type;
    }

    AssetWindows windows() {
        return windows;
    }

    Optional<AdapterSlot<RemainingLifeModel>> slot() {
        return Optional.ofNullable(slot);
    }

    Optional<Path> baseDir() {
        return Optional.ofNullable(baseDir);
    }

    /** The type's absolute limits as the condition watch takes them (alerting from the second-to-last zone). */
    List<ChannelLimits> limits() {
        List<ChannelLimits> out = new ArrayList<>();
        for (Limit l : type.limits()) {
            List<Double> boundaries = l.zones().stream()
                    .map(Limit.Zone::upTo)
                    .filter(b -> b != null)
                    .toList();
            String standard = l.machineClass() == null ? l.standard() : l.standard() + ", " + l.machineClass();
            out.add(ChannelLimits.of(l.channel(), l.unit(), boundaries, standard));
        }
        return out;
    }

    Map<String, String> units() {
        Map<String, String> units = new LinkedHashMap<>();
        type.channels().forEach(c -> units.put(c.name(), c.unit()));
        return units;
    }

    /**
     * The type's remaining-life thresholds as policy settings: raise below the warning level, clear a quarter of it
     * above, the type's on-delay and clear-delay; a stage alert needs the estimate below the healthy boundary; both
     * need the interval's upper bound below the type's {@code upperBoundBelow} when it sets one, and a history of at
     * least the type's {@code minHistorySteps} real steps.
     */
    PolicySettings policy() {
        Thresholds.RemainingLife rl = type.thresholds().remainingLife();
        Thresholds.AlertDelay delay = type.thresholds().alertDelay();
        return new PolicySettings(rl.warning(), rl.warning() / 4, delay.on(), delay.clear())
                .withStageAgreeBelow(type.thresholds().healthStage().healthyAbove())
                .withUpperBelow(
                        type.thresholds().upperBoundBelow() == null
                                ? Double.POSITIVE_INFINITY
                                : type.thresholds().upperBoundBelow())
                .withMinHistorySteps(minHistorySteps());
    }

    /** Real steps an asset needs before its estimate may raise a predictive alert: the type's, else 0 (no rule). */
    int minHistorySteps() {
        Integer n = type.thresholds().minHistorySteps();
        return n == null ? 0 : n;
    }
}
