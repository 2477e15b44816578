package io.pdm.bench.federated;

import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.data.cmapss.ScoredWindows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Clustered federation: one federation (its own aggregator and global adapter) per machine family, so that plants
 * only average with plants whose machines run alike. The C-MAPSS families are by operating conditions: FD001 and
 * FD003 run at one condition (sea level), FD002 and FD004 at six. A plant declares its family; no data is needed
 * to form the clusters.
 */
final class MachineFamilies {

    static final List<Set<String>> CMAPSS = List.of(Set.of("FD001", "FD003"), Set.of("FD002", "FD004"));

    private MachineFamilies() {}

    /** Indices of {@code subsets} per family, in family order; a subset in no family forms one of its own. */
    static List<List<Integer>> clusters(List<String> subsets) {
        List<List<Integer>> clusters = new ArrayList<>();
        for (Set<String> family : CMAPSS) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < subsets.size(); i++) {
                if (family.contains(subsets.get(i).toUpperCase(Locale.ROOT))) {
                    members.add(i);
                }
            }
            if (!members.isEmpty()) {
                clusters.add(members);
            }
        }
        for (int i = 0; i < subsets.size(); i++) {
            int index = i;
            if (clusters.stream().noneMatch(cluster -> cluster.contains(index))) {
                clusters.add(List.of(i));
            }
        }
        return clusters;
    }

    /**
     * One row from the families' runs: every plant's evaluation, traffic per plant and round averaged over all
     * plants, the slowest family's round and protocol times (the families would run side by side), and the
     * aggregators' CPU time added up.
     */
    static ScenarioResult merge(String scenario, List<ScenarioResult> parts, List<String> plantOrder, String note) {
        Map<String, RulEvaluation> byPlant = new LinkedHashMap<>();
        double up = 0;
        double down = 0;
        double roundSeconds = 0;
        double protocolSeconds = 0;
        double cpuSeconds = 0;
        for (ScenarioResult part : parts) {
            int plants = part.byPlant().size();
            up += part.traffic().upBytesPerPlantRound() * plants;
            down += part.traffic().downBytesPerPlantRound() * plants;
            roundSeconds = Math.max(roundSeconds, part.roundSeconds());
            protocolSeconds = Math.max(protocolSeconds, part.protocolSeconds());
            cpuSeconds += part.aggregatorCpuSeconds();
        }
        Map<String, RulEvaluation> all = new LinkedHashMap<>();
        Map<String, ScoredWindows> scored = new LinkedHashMap<>();
        parts.forEach(part -> all.putAll(part.byPlant()));
        parts.forEach(part -> scored.putAll(part.predictions()));
        Map<String, ScoredWindows> predictions = new LinkedHashMap<>();
        plantOrder.forEach(plant -> byPlant.put(plant, all.get(plant)));
        plantOrder.stream().filter(scored::containsKey).forEach(plant -> predictions.put(plant, scored.get(plant)));
        return new ScenarioResult(
                scenario,
                byPlant,
                new ScenarioResult.Traffic(up / byPlant.size(), down / byPlant.size()),
                roundSeconds,
                protocolSeconds,
                cpuSeconds,
                note,
                predictions);
    }
}
