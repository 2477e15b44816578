package io.pdm.inference.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a plant's inference has produced so far, as stored: predictions, alerts, and per writer how many alert texts
 * it delivered and how many of those passed the grounding check.
 *
 * @param byWriter writer id → texts delivered
 * @param adapterVersion the newest adapter version any prediction used, or null when only the base served
 */
public record InferenceTotals(
        long predictions,
        long predictionsWithLife,
        long alerts,
        long grounded,
        Map<String, Long> byWriter,
        Long adapterVersion) {
    public static final InferenceTotals ZERO = new InferenceTotals(0, 0, 0, 0, Map.of(), null);

    public InferenceTotals {
        byWriter = Map.copyOf(byWriter);
    }

    public InferenceTotals plus(InferenceTotals o) {
        Map<String, Long> writers = new TreeMap<>(byWriter);
        o.byWriter.forEach((w, n) -> writers.merge(w, n, Long::sum));
        Long version = adapterVersion;
        if (version == null || (o.adapterVersion != null && o.adapterVersion > version)) version = o.adapterVersion;
        return new InferenceTotals(
                predictions + o.predictions,
                predictionsWithLife + o.predictionsWithLife,
                alerts + o.alerts,
                grounded + o.grounded,
                writers,
                version);
    }
}
