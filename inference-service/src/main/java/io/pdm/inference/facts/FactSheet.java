package io.pdm.inference.facts;

import io.pdm.inference.policy.AlertKind;
import io.pdm.model.data.HealthStage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything an alert text may say, and nothing else: the grounding check rejects a text whose numbers,
 * units, dates, ids or parts are not in here. It extends the model's {@code AlertFacts} (which needs a
 * remaining-life estimate and a stage, and has no units, ids or limits) so that condition alerts of assets
 * without a model have a fact sheet too; it keeps AlertFacts' life units, health stages and prompt style.
 *
 * @param remainingLife null when the asset has no remaining-life model
 * @param stage         null when the asset has no remaining-life model
 * @param failureModes  probability per failure mode (may be empty)
 * @param actBy         the date by which to act (see {@link FactSheets#actBy})
 * @param lastMaintenance the asset's most recent maintenance, null when none is known
 * @param similarLogs   the k most similar past logs of this plant, most similar first
 */
public record FactSheet(
        String plant,
        String asset,
        String assetType,
        Instant time,
        AlertKind kind,
        String failureMode,
        int severity,
        String fingerprint,
        String reason,
        List<Measurement> measurements,
        RemainingLife remainingLife,
        HealthStage stage,
        Map<String, Double> failureModes,
        LocalDate actBy,
        MaintenanceRecord lastMaintenance,
        List<MaintenanceRecord> similarLogs) {
    public FactSheet {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(assetType, "assetType");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(failureMode, "failureMode");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(actBy, "actBy");
        measurements = List.copyOf(measurements);
        failureModes = Map.copyOf(new TreeMap<>(failureModes));
        similarLogs = List.copyOf(similarLogs);
        if ((remainingLife == null) != (stage == null)) {
            throw new IllegalArgumentException("remaining life and stage come together from the model, or neither");
        }
    }

    /** Every log id the text may cite: the similar logs and the last maintenance. */
    public List<String> logIds() {
        java.util.ArrayList<String> ids = new java.util.ArrayList<>();
        if (lastMaintenance != null) {
            ids.add(lastMaintenance.id());
        }
        similarLogs.forEach(l -> ids.add(l.id()));
        return List.copyOf(ids);
    }
}
