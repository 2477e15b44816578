package io.pdm.bench.federated;

import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.ScoredWindows;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scenario's outcome: each plant's test evaluation of the adapter it ends with, and what the rounds cost.
 *
 * @param traffic          null when no protocol ran (local-only, pooled)
 * @param roundSeconds     mean wall time of one round (all plants' local training included)
 * @param protocolSeconds  mean time from the last plant's training finishing to the new version being
 *                         published (upload, secure-aggregation phases, aggregation); NaN without a protocol
 * @param aggregatorCpuSeconds CPU time of the aggregator's threads over the whole run; NaN without a protocol
 * @param predictions      per plant, the windows behind its evaluation with their predictions; empty for rows that
 *                         do not keep them (the pooled-full ensembles)
 */
public record ScenarioResult(
        String scenario,
        Map<String, RulEvaluation> byPlant,
        Traffic traffic,
        double roundSeconds,
        double protocolSeconds,
        double aggregatorCpuSeconds,
        String note,
        Map<String, ScoredWindows> predictions) {

    public ScenarioResult {
        byPlant = Collections.unmodifiableMap(new LinkedHashMap<>(byPlant));
        note = note == null ? "" : note;
        predictions = Collections.unmodifiableMap(new LinkedHashMap<>(predictions));
    }

    /** A row whose evaluations are those of {@code predictions}. */
    static ScenarioResult scored(
            String scenario,
            Map<String, ScoredWindows> predictions,
            Traffic traffic,
            double roundSeconds,
            double protocolSeconds,
            double aggregatorCpuSeconds,
            String note) {
        Map<String, RulEvaluation> byPlant = new LinkedHashMap<>();
        predictions.forEach((plant, scored) -> byPlant.put(plant, scored.evaluation()));
        return new ScenarioResult(
                scenario, byPlant, traffic, roundSeconds, protocolSeconds, aggregatorCpuSeconds, note, predictions);
    }

    /** Mean bytes one plant sent to (up) and received from (down) the aggregator per round, TLS included. */
    public record Traffic(double upBytesPerPlantRound, double downBytesPerPlantRound) {}

    public double meanRmse() {
        return byPlant.values().stream()
                .mapToDouble(RulEvaluation::rmse)
                .average()
                .orElse(Double.NaN);
    }
}
