package io.pdm.inference.web;

import io.pdm.inference.scoring.AdapterSlot;
import io.pdm.inference.store.AlertQueries;
import io.pdm.inference.store.AlertView;
import io.pdm.inference.store.HealthView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The plant engineer's and the admin's view of one plant's inference: alerts, asset health, scoring, adapters. */
@RestController
@RequestMapping("/api/v1/plants/{plant}")
class InferenceController {
    private final AlertQueries queries;
    private final InferenceOperations operations;

    InferenceController(AlertQueries queries, InferenceOperations operations) {
        this.queries = queries;
        this.operations = operations;
    }

    @Operation(summary = "A plant's alert candidates, newest first")
    @GetMapping("/alerts")
    List<AlertView> alerts(
            @PathVariable String plant,
            @Parameter(description = "only this asset's") @RequestParam(required = false) String asset,
            @Parameter(description = "only at least this severity (1-1000)") @RequestParam(defaultValue = "1")
                    int minSeverity,
            @Parameter(description = "only since this instant (ISO-8601)")
                    @RequestParam(required = false)
                    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    Instant since,
            @RequestParam(defaultValue = "100") int limit) {
        requirePlant(plant);
        if (minSeverity < 1 || minSeverity > 1000) {
            throw new InferenceOperations.InvalidRequestException(
                    400, "INVALID_PARAMETER", "minSeverity must be in 1..1000, was " + minSeverity);
        }
        if (limit < 1 || limit > 1000) {
            throw new InferenceOperations.InvalidRequestException(
                    400, "INVALID_PARAMETER", "limit must be in 1..1000, was " + limit);
        }
        return queries.alerts(plant, asset, minSeverity, since, limit);
    }

    @Operation(summary = "One alert with its fact sheet")
    @GetMapping("/alerts/{alertId}")
    AlertView alert(@PathVariable String plant, @PathVariable String alertId) {
        requirePlant(plant);
        return queries.alert(plant, alertId)
                .orElseThrow(() -> new InferenceOperations.InvalidRequestException(
                        404, "UNKNOWN_ALERT", "no alert " + alertId + " in plant " + plant));
    }

    @Operation(summary = "An asset's latest prediction and its trend")
    @GetMapping("/assets/{asset}/health")
    HealthView health(
            @PathVariable String plant,
            @PathVariable String asset,
            @Parameter(description = "predictions in the trend") @RequestParam(defaultValue = "50") int points) {
        requirePlant(plant);
        if (points < 1 || points > 5000) {
            throw new InferenceOperations.InvalidRequestException(
                    400, "INVALID_PARAMETER", "points must be in 1..5000, was " + points);
        }
        return queries.health(plant, asset, points)
                .orElseThrow(() -> new InferenceOperations.InvalidRequestException(
                        404, "UNKNOWN_ASSET", "asset " + asset + " of plant " + plant + " has no prediction yet"));
    }

    @Operation(summary = "Score a window sent by the caller (not published, not stored)")
    @PostMapping("/assets/{asset}/predict")
    PredictionView predict(
            @PathVariable String plant,
            @PathVariable String asset,
            @RequestBody InferenceOperations.PredictRequest request) {
        requirePlant(plant);
        return operations.predict(asset, request);
    }

    @Operation(summary = "Adapter versions in service, pins and recent swap events, per asset type")
    @GetMapping("/adapters")
    List<InferenceOperations.AdapterStatus> adapters(@PathVariable String plant) {
        requirePlant(plant);
        return operations.adapters();
    }

    @Operation(summary = "Serve exactly this adapter version until unpinned")
    @PostMapping("/adapters/{assetType}/pin/{version}")
    AdapterSlot.Event pin(@PathVariable String plant, @PathVariable String assetType, @PathVariable long version) {
        requirePlant(plant);
        return operations.pin(assetType, version);
    }

    @Operation(summary = "Use announced adapter versions again")
    @PostMapping("/adapters/{assetType}/unpin")
    AdapterSlot.Event unpin(@PathVariable String plant, @PathVariable String assetType) {
        requirePlant(plant);
        return operations.unpin(assetType);
    }

    @Operation(summary = "Return to the adapter version served before the current one (and pin it)")
    @PostMapping("/adapters/{assetType}/rollback")
    AdapterSlot.Event rollback(@PathVariable String plant, @PathVariable String assetType) {
        requirePlant(plant);
        return operations.rollback(assetType);
    }

    private void requirePlant(String plant) {
        if (!operations.plant().equals(plant)) {
            throw new InferenceOperations.InvalidRequestException(
                    404, "UNKNOWN_PLANT", "this service scores plant " + operations.plant() + ", not " + plant);
        }
    }
}
