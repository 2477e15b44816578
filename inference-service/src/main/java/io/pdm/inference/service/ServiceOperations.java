package io.pdm.inference.service;

import io.pdm.inference.scoring.AdapterSlot;
import io.pdm.inference.scoring.AssetWindows;
import io.pdm.inference.scoring.ScoringInput;
import io.pdm.inference.scoring.StepInput;
import io.pdm.inference.store.AlertView;
import io.pdm.inference.web.InferenceOperations;
import io.pdm.inference.web.PredictionView;
import io.pdm.model.life.LifePrediction;
import io.pdm.model.life.RemainingLifeModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The REST API's questions to the running service: on-demand scoring and adapter administration. */
final class ServiceOperations implements InferenceOperations {
    private final PlantSteps steps;

    ServiceOperations(PlantSteps steps) {
        this.steps = steps;
    }

    @Override
    public String plant() {
        return steps.plant();
    }

    @Override
    public PredictionView predict(String asset, PredictRequest request) {
        if (request == null || request.steps() == null || request.steps().isEmpty()) {
            throw new InvalidRequestException(400, "EMPTY_WINDOW", "steps: at least one step is needed");
        }
        TypeRuntime type = typeOf(request.assetType());
        AdapterSlot<RemainingLifeModel> slot = type.slot()
                .orElseThrow(() -> new InvalidRequestException(
                        409, "NO_MODEL", "asset type " + type.type().id() + " has no remaining-life model here"));
        AdapterSlot.Loaded<RemainingLifeModel> loaded = slot.current().orElseThrow();
        AssetWindows windows = new AssetWindows(
                loaded.model().protocol().windowChannels(),
                loaded.model().protocol().window(),
                Duration.ofDays(365));
        ScoringInput window = null;
        for (int i = 0; i < request.steps().size(); i++) {
            PredictRequest.Step s = request.steps().get(i);
            if (s == null || s.end() == null || s.values() == null) {
                throw new InvalidRequestException(400, "INVALID_STEP", "steps[" + i + "]: end and values are required");
            }
            window = windows.add(new StepInput(asset, s.end(), s.values(), s.age()))
                    .orElseThrow(() -> new InvalidRequestException(
                            400, "STEPS_OUT_OF_ORDER", "steps must be in strictly increasing order of end"));
        }
        if (!window.missing().isEmpty()) {
            throw new InvalidRequestException(
                    400,
                    "MISSING_CHANNELS",
                    "the newest step lacks channels the model reads: " + window.missing() + "; the model reads "
                            + window.channels());
        }
        LifePrediction p = PlantSteps.predict(loaded.model(), window, true);
        Map<String, Double> drivers = new LinkedHashMap<>();
        p.drivers().forEach(d -> drivers.put(d.channel(), d.effect()));
        return new PredictionView(
                plant(),
                asset,
                type.type().id(),
                window.end(),
                loaded.model().baseHash(),
                loaded.version() == TypeRuntime.BASE_ONLY ? null : loaded.version(),
                new AlertView.LifeView(
                        p.rul(), p.lower(), p.upper(), p.level(), p.unit().toLowerCase()),
                p.stage(),
                p.stages(),
                drivers,
                List.of(),
                window.quality().stream().map(Enum::name).sorted().toList(),
                List.copyOf(window.missing()));
    }

    private TypeRuntime typeOf(String assetType) {
        Map<String, TypeRuntime> types = steps.types();
        if (assetType == null) {
            List<TypeRuntime> withModel =
                    types.values().stream().filter(t -> t.slot().isPresent()).toList();
            if (withModel.size() == 1) return withModel.get(0);
            throw new InvalidRequestException(
                    400, "ASSET_TYPE_REQUIRED", "assetType is required: this service has types " + types.keySet());
        }
        TypeRuntime t = types.get(assetType);
        if (t == null) {
            throw new InvalidRequestException(
                    404, "UNKNOWN_ASSET_TYPE", "no asset type " + assetType + "; known: " + types.keySet());
        }
        return t;
    }

    private AdapterSlot<RemainingLifeModel> slotOf(String assetType) {
        return typeOf(assetType)
                .slot()
                .orElseThrow(() -> new InvalidRequestException(
                        409, "NO_MODEL", "asset type " + assetType + " has no remaining-life model here"));
    }

    @Override
    public List<AdapterStatus> adapters() {
        List<AdapterStatus> out = new ArrayList<>();
        steps.types()
                .forEach((id, t) -> t.slot().ifPresent(slot -> {
                    Optional<AdapterSlot.Loaded<RemainingLifeModel>> now = slot.current();
                    out.add(new AdapterStatus(
                            id,
                            now.map(l -> l.model().baseHash()).orElse(null),
                            now.map(AdapterSlot.Loaded::version)
                                    .filter(v -> v != TypeRuntime.BASE_ONLY)
                                    .orElse(null),
                            now.map(l -> l.model().members()).orElse(1),
                            now.map(AdapterSlot.Loaded::since).orElse(null),
                            slot.pinned().orElse(null),
                            slot.events()));
                }));
        return out;
    }

    @Override
    public AdapterSlot.Event pin(String assetType, long version) {
        AdapterSlot<RemainingLifeModel> slot = slotOf(assetType);
        AdapterSlot.Announced known = slot.known(version)
                .orElseThrow(() -> new InvalidRequestException(
                        404,
                        "UNKNOWN_VERSION",
                        "adapter version " + version + " of " + assetType + " was never announced to this service"));
        return slot.pin(known);
    }

    @Override
    public AdapterSlot.Event unpin(String assetType) {
        return slotOf(assetType).unpin();
    }

    @Override
    public AdapterSlot.Event rollback(String assetType) {
        return slotOf(assetType).rollback();
    }
}
