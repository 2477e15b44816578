package io.pdm.inference.service;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypeMapping;
import io.pdm.inference.condition.ConditionFinding;
import io.pdm.inference.condition.ConditionWatch;
import io.pdm.inference.condition.WatchSettings;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.policy.AlertCandidate;
import io.pdm.inference.policy.AlertPolicy;
import io.pdm.inference.policy.PolicySettings;
import io.pdm.inference.policy.RemainingLifePrediction;
import io.pdm.inference.scoring.AdapterSlot;
import io.pdm.inference.scoring.Restorations;
import io.pdm.inference.scoring.ScoringInput;
import io.pdm.inference.scoring.StepInput;
import io.pdm.inference.writer.WrittenAlert;
import io.pdm.model.life.LifePrediction;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.schemas.avro.AlertRecord;
import io.pdm.schemas.avro.FeatureVector;
import io.pdm.schemas.avro.PredictionRecord;
import io.pdm.schemas.kafka.ModelUpdate;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plant's scoring and alerting, step by step: a feature vector goes to its asset's type, extends the asset's
 * window, is watched against the asset's baseline and the type's limits, is scored by the base model plus the
 * plant's current adapter when the type has one and the history is long enough, and the asset's alert policy turns
 * the result into alert candidates, each written up by {@link AlertComposer}. Runs on the loop's thread only.
 */
public final class PlantSteps implements InferenceLoop.Steps {
    private static final Logger LOG = LoggerFactory.getLogger(PlantSteps.class);

    private final String plant;
    private final AssetTypeMapping mapping;
    private final Map<String, TypeRuntime> types;
    private final AlertComposer composer;
    private final WatchSettings watchSettings;
    private final PolicySettings.ChangeAlerts changeAlerts;
    private final Clock clock;
    private final Map<String, AssetState> assets = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> unmapped = new HashSet<>();
    private final Restorations restorations = new Restorations();

    private record AssetState(TypeRuntime type, ConditionWatch watch, AlertPolicy policy) {}

    PlantSteps(
            String plant,
            AssetTypeMapping mapping,
            Map<String, TypeRuntime> types,
            AlertComposer composer,
            WatchSettings watchSettings,
            PolicySettings.ChangeAlerts changeAlerts,
            Clock clock) {
        this.plant = plant;
        this.mapping = mapping;
        this.types = Map.copyOf(types);
        this.composer = composer;
        this.watchSettings = watchSettings;
        this.changeAlerts = changeAlerts;
        this.clock = clock;
    }

    /**
     * A plant's steps for a caller that drives them itself: an evaluation replaying lives, a benchmark, or its own
     * {@link InferenceLoop}. The same types, windows, watch, policy (the types' thresholds) and alert composition as
     * the service's; each type with an entry in {@code baseModels} is scored by that base, the others are watched only.
     *
     * @param texts the writer chain with its grounding check (an {@code AlertTextPipeline}), or a wrapper around it
     */
    public static PlantSteps open(
            String plant,
            AssetTypeMapping mapping,
            List<AssetType> assetTypes,
            Map<String, Path> baseModels,
            MaintenanceContext maintenance,
            Function<FactSheet, WrittenAlert> texts,
            Clock clock)
            throws IOException {
        return open(
                plant,
                mapping,
                assetTypes,
                baseModels,
                maintenance,
                texts,
                PolicySettings.DEFAULT.changeAlerts(),
                clock);
    }

    /** As {@link #open(String, AssetTypeMapping, List, Map, MaintenanceContext, Function, Clock)}, with a mode. */
    public static PlantSteps open(
            String plant,
            AssetTypeMapping mapping,
            List<AssetType> assetTypes,
            Map<String, Path> baseModels,
            MaintenanceContext maintenance,
            Function<FactSheet, WrittenAlert> texts,
            PolicySettings.ChangeAlerts changeAlerts,
            Clock clock)
            throws IOException {
        Map<String, TypeRuntime> types = new LinkedHashMap<>();
        for (AssetType type : assetTypes) {
            Path base = baseModels.get(type.id());
            types.put(
                    type.id(),
                    base == null ? TypeRuntime.conditionOnly(type) : TypeRuntime.withModel(type, base, clock));
        }
        return new PlantSteps(
                plant,
                mapping,
                types,
                new AlertComposer(maintenance, texts),
                WatchSettings.DEFAULT,
                changeAlerts,
                clock);
    }

    @Override
    public InferenceLoop.Outcome onFeatures(FeatureVector fv, boolean warmUp) {
        return onBatch(List.of(fv), List.of(warmUp)).get(0);
    }

    /**
     * A poll's feature vectors in order: each extends its asset's window and is watched at once; the windows a model
     * scores are then scored together, one forward pass per model version (batched, without drivers); last, each
     * step's policy and alerts, in the original order. The same outcomes as one call per vector, at a fraction of
     * the cost: one forward pass per window was the service's bottleneck (docs/results/inference.md).
     */
    @Override
    public List<InferenceLoop.Outcome> onBatch(List<FeatureVector> batch, List<Boolean> warmUps) {
        List<Pending> pending = new ArrayList<>(batch.size());
        for (FeatureVector fv : batch) pending.add(observe(fv));
        Map<RemainingLifeModel, List<Pending>> byModel = new java.util.IdentityHashMap<>();
        for (Pending p : pending) {
            if (p != null && p.loaded() != null) {
                byModel.computeIfAbsent(p.loaded().model(), m -> new ArrayList<>())
                        .add(p);
            }
        }
        Map<Pending, LifePrediction> predictions = new java.util.IdentityHashMap<>();
        byModel.forEach((model, steps) -> {
            List<LifePrediction> scored =
                    predictAll(model, steps.stream().map(Pending::window).toList(), false);
            for (int i = 0; i < steps.size(); i++) predictions.put(steps.get(i), scored.get(i));
        });
        List<Finished> finished = new ArrayList<>(batch.size());
        List<AlertComposer.Pending> toCompose = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            Finished f = p == null ? null : finish(p, predictions.get(p), warmUps.get(i));
            finished.add(f);
            if (f != null) toCompose.addAll(f.alerts());
        }
        // every alert of the batch written together: one text's time for the batch, not one per alert
        List<AlertRecord> alerts = composer.composeAll(toCompose);
        List<InferenceLoop.Outcome> out = new ArrayList<>(batch.size());
        int next = 0;
        for (Finished f : finished) {
            if (f == null) {
                out.add(InferenceLoop.Outcome.NONE);
                continue;
            }
            List<AlertRecord> own = alerts.subList(next, next + f.alerts().size());
            next += f.alerts().size();
            out.add(new InferenceLoop.Outcome(List.of(f.prediction()), own));
        }
        return out;
    }

    /** A step between its watch and its scoring. {@code loaded} is the model version to score it, else null. */
    private record Pending(
            AssetState state,
            StepInput step,
            ScoringInput window,
            int history,
            String restoredBy,
            List<ConditionFinding> findings,
            List<AlertCandidate> candidates,
            Set<ScoringInput.Quality> quality,
            AdapterSlot.Loaded<RemainingLifeModel> loaded) {}

    /** Window and condition watch of one vector; null when it is not for a known type or not newer than seen. */
    private Pending observe(FeatureVector fv) {
        AssetState state = state(fv.getAsset());
        if (state == null) return null;
        Double age = fv.getSecondsSinceMaintenance() == null
                ? null
                : fv.getSecondsSinceMaintenance() / lifeSeconds(state.type());
        StepInput step = new StepInput(fv.getAsset(), fv.getWindowEnd(), fv.getFeatures(), age);
        // Replaced or repaired since its previous step: a new machine, scored from a fresh window and predictive track
        boolean restored = restorations.restored(
                fv.getAsset(), fv.getWindowEnd(), fv.getSecondsSinceMaintenance(), fv.getLastMaintenanceAction());
        Optional<ScoringInput> added = state.type().windows().add(step, restored);
        if (added.isEmpty()) return null; // not newer than the asset's newest: seen already
        ScoringInput window = added.get();
        int history = state.type().windows().history(fv.getAsset());
        List<AlertCandidate> candidates = new ArrayList<>();
        Map<String, Double> watched = watchedValues(state.type(), step);
        List<ConditionFinding> findings = state.watch().observe(step.end(), watched);
        Set<ScoringInput.Quality> quality = EnumSet.noneOf(ScoringInput.Quality.class);
        quality.addAll(window.quality());
        // a full window can still be too short a history for the type's predictive alerts: flagged as such
        if (history < state.type().minHistorySteps()) quality.add(ScoringInput.Quality.SHORT_HISTORY);
        if (state.watch().baseline(firstChannel(watched)).isEmpty())
            quality.add(ScoringInput.Quality.BASELINE_LEARNING);
        AdapterSlot.Loaded<RemainingLifeModel> loaded = null;
        Optional<AdapterSlot<RemainingLifeModel>> slot = state.type().slot();
        if (slot.isEmpty()) {
            quality.add(ScoringInput.Quality.NO_MODEL);
        } else if (scorable(window)) {
            loaded = slot.get().current().orElseThrow(); // read once: a swap lands between windows, never inside one
        }
        candidates.addAll(state.policy().onCondition(step.end(), watched.keySet(), findings, loaded != null));
        String restoredBy = restored ? fv.getLastMaintenanceAction() : null;
        return new Pending(state, step, window, history, restoredBy, findings, candidates, quality, loaded);
    }

    /** Policy, drivers where an alert needs them, the prediction record and the alerts of one step (unwritten). */
    private Finished finish(Pending p, LifePrediction lean, boolean warmUp) {
        Scored scored = null;
        List<AlertCandidate> candidates = p.candidates();
        RemainingLifePrediction forPolicy =
                p.loaded() == null ? null : PredictionRecords.forPolicy(p.step().end(), lean);
        if (p.restoredBy() != null) {
            // the failed machine's predictive alerts clear, stating the new machine's first estimate when there is one
            candidates.addAll(p.state()
                    .policy()
                    .restart(p.step().end(), "the asset was restored (" + p.restoredBy() + ")", forPolicy));
        }
        if (p.loaded() != null) {
            LifePrediction prediction = lean;
            List<AlertCandidate> fromModel = p.state().policy().onPrediction(forPolicy, p.history());
            // Drivers cost one forward copy per channel: found only for windows that raise or update an alert,
            // where the fact sheet cites them.
            if (!fromModel.isEmpty() && !warmUp) prediction = predict(p.loaded().model(), p.window(), true);
            scored = new Scored(prediction, p.loaded());
            candidates.addAll(fromModel);
        }
        AssetType type = p.state().type().type();
        PredictionRecord record =
                PredictionRecords.of(plant, type.id(), p.window(), scored, p.findings(), p.quality(), clock.instant());
        if (warmUp) return new Finished(record, List.of());
        List<AlertComposer.Pending> alerts = new ArrayList<>();
        for (AlertCandidate c : candidates) alerts.add(new AlertComposer.Pending(c, type, p.window(), scored));
        return new Finished(record, alerts);
    }

    /** A step's prediction and the alerts still to be written. */
    private record Finished(PredictionRecord prediction, List<AlertComposer.Pending> alerts) {}

    /** A base model's view of one window, and the version that gave it. */
    record Scored(LifePrediction prediction, AdapterSlot.Loaded<RemainingLifeModel> version) {}

    /** The model scores a window once every channel it reads has been seen (a short history is left-padded). */
    private static boolean scorable(ScoringInput window) {
        for (double v : window.latest()) if (Double.isNaN(v)) return false;
        return true;
    }

    static LifePrediction predict(RemainingLifeModel model, ScoringInput window, boolean withDrivers) {
        return predictAll(model, List.of(window), withDrivers).get(0);
    }

    /** Scores windows of one model in one forward pass; all windows have the model's channels. */
    static List<LifePrediction> predictAll(RemainingLifeModel model, List<ScoringInput> windows, boolean withDrivers) {
        List<double[][]> values = new ArrayList<>(windows.size());
        double[] ages = new double[windows.size()];
        for (int i = 0; i < windows.size(); i++) {
            ScoringInput w = windows.get(i);
            values.add(w.values());
            Double last = w.ages()[w.ages().length - 1];
            ages[i] = last == null ? 0 : last;
        }
        synchronized (model) { // the REST thread may score on-demand windows with the same model
            return model.predict(windows.get(0).channels(), values, ages, withDrivers);
        }
    }

    /**
     * The channels the condition watch takes, present in the step with a finite value: the model's inputs and any
     * channel with an absolute limit. Context channels (an operating setting, "model": false without a limit) are
     * not watched: they change by design, and a change test on them only raises false alerts.
     */
    private static Map<String, Double> watchedValues(TypeRuntime type, StepInput step) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (var channel : type.type().channels()) {
            if (!channel.modelInput() && type.type().limit(channel.name()).isEmpty()) continue;
            Double v = step.values().get(channel.name());
            if (v != null && Double.isFinite(v)) out.put(channel.name(), v);
        }
        return out;
    }

    private static String firstChannel(Map<String, Double> watched) {
        return watched.isEmpty() ? "" : watched.keySet().iterator().next();
    }

    private static double lifeSeconds(TypeRuntime type) {
        return switch (type.type().lifeUnit()) {
            case HOURS -> 3600.0;
            case CYCLES ->
                type.type().step().seconds() == null ? 1.0 : type.type().step().seconds();
        };
    }

    private AssetState state(String asset) {
        AssetState s = assets.get(asset);
        if (s != null) return s;
        Optional<String> typeId = mapping.typeOf(asset);
        TypeRuntime type = typeId.map(types::get).orElse(null);
        if (type == null) {
            if (unmapped.add(asset)) {
                LOG.warn(
                        "plant {}: asset {} maps to no loaded asset type ({}); its features are not scored",
                        plant,
                        asset,
                        typeId.orElse("no mapping"));
            }
            return null;
        }
        s = new AssetState(
                type,
                new ConditionWatch(asset, type.limits(), type.units(), watchSettings),
                new AlertPolicy(plant, asset, type.policy().withChangeAlerts(changeAlerts)));
        assets.put(asset, s);
        return s;
    }

    /** Drops the assets' windows, baselines and policies; a later step of one starts from nothing (or the warm-up). */
    @Override
    public void forget(java.util.Collection<String> gone) {
        for (String asset : gone) {
            AssetState s = assets.remove(asset);
            if (s != null) s.type().windows().forget(asset);
            restorations.forget(asset);
        }
    }

    @Override
    public void onModelUpdate(ModelUpdate update) {
        TypeRuntime type = typeFor(update);
        if (type != null) offer(type, update);
    }

    /**
     * Per asset type, the newest announced version that loads serves: a refused newest falls back to the one before,
     * as replaying every version in order would, without loading each. All are remembered, so an admin can pin one.
     */
    @Override
    public void onModelHistory(List<ModelUpdate> history) {
        Map<TypeRuntime, List<ModelUpdate>> byType = new LinkedHashMap<>();
        for (ModelUpdate u : history) {
            TypeRuntime type = typeFor(u);
            if (type != null)
                byType.computeIfAbsent(type, t -> new ArrayList<>()).add(u);
        }
        byType.forEach((type, updates) -> {
            updates.forEach(u -> type.slot().orElseThrow().remember(announced(u)));
            List<ModelUpdate> newestFirst = new ArrayList<>(updates);
            newestFirst.sort((a, b) -> Long.compare(b.version(), a.version()));
            for (ModelUpdate u : newestFirst) {
                if (offer(type, u) != AdapterSlot.Outcome.REFUSED) break;
            }
        });
    }

    private static AdapterSlot.Announced announced(ModelUpdate u) {
        return new AdapterSlot.Announced(
                u.version(),
                u.adapterDirectory(),
                u.weightsSha256(),
                u.members().stream()
                        .map(m -> new AdapterSlot.Member(m.adapterDirectory(), m.weightsSha256(), m.seed()))
                        .toList());
    }

    /** Offers one version to its type's slot; a version for another base is refused here. */
    private AdapterSlot.Outcome offer(TypeRuntime type, ModelUpdate update) {
        AdapterSlot<RemainingLifeModel> slot = type.slot().orElseThrow();
        String base = slot.current().map(l -> l.model().baseHash()).orElse(null);
        if (update.baseModelSha256() != null
                && base != null
                && !update.baseModelSha256().equals(base)) {
            LOG.warn(
                    "plant {}: adapter version {} is for base {}, the {} base is {}; refused",
                    plant,
                    update.version(),
                    update.baseModelSha256(),
                    type.type().id(),
                    base);
            return AdapterSlot.Outcome.REFUSED;
        }
        AdapterSlot.Event event = slot.offer(announced(update));
        LOG.info(
                "plant {} {}: adapter version {} {} ({})",
                plant,
                type.type().id(),
                update.version(),
                event.outcome(),
                event.detail());
        return event.outcome();
    }

    /** The type an update is for, or null (logged) when it is for another plant or no type with a model here. */
    private TypeRuntime typeFor(ModelUpdate update) {
        if (!plant.equals(update.plant())) {
            LOG.warn("ignoring a model update for plant {} on plant {}'s topic", update.plant(), plant);
            return null;
        }
        if (update.assetType() != null) {
            TypeRuntime t = types.get(update.assetType());
            if (t == null || t.slot().isEmpty()) {
                LOG.warn(
                        "plant {}: adapter version {} is for asset type {}, which has no model here",
                        plant,
                        update.version(),
                        update.assetType());
                return null;
            }
            return t;
        }
        List<TypeRuntime> withModel =
                types.values().stream().filter(t -> t.slot().isPresent()).toList();
        if (withModel.size() != 1) {
            LOG.warn(
                    "plant {}: adapter version {} names no asset type and {} types have a model; ignored",
                    plant,
                    update.version(),
                    withModel.size());
            return null;
        }
        return withModel.get(0);
    }

    Map<String, TypeRuntime> types() {
        return types;
    }

    String plant() {
        return plant;
    }

    /** For the summary: assets seen per type. */
    Map<String, Integer> assetsPerType() {
        Map<String, Integer> out = new LinkedHashMap<>();
        assets.values().forEach(s -> out.merge(s.type().type().id(), 1, Integer::sum));
        return out;
    }

    Instant now() {
        return clock.instant();
    }
}
