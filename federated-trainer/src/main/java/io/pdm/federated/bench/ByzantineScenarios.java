package io.pdm.federated.bench;

import io.pdm.federated.aggregate.AggregationRule;
import io.pdm.federated.aggregate.FedAvg;
import io.pdm.federated.aggregate.FilteredMean;
import io.pdm.federated.aggregate.FlTrust;
import io.pdm.federated.aggregate.Krum;
import io.pdm.federated.aggregate.NormBoundedMean;
import io.pdm.federated.aggregate.TrimmedMean;
import io.pdm.federated.cmapss.CmapssLoraTraining;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Byzantine rows of the bench: a clean run of each robust rule, then the last plant attacking with each
 * {@link ByzantineTraining.Attack} under each rule.
 */
final class ByzantineScenarios {

    /** Runs one federation with the rule and the plants' trainings, as the bench's other scenarios do. */
    @FunctionalInterface
    interface Runner {
        ScenarioResult run(String scenario, AggregationRule rule, Federation federation, String note) throws Exception;
    }

    private ByzantineScenarios() {
    }

    /**
     * FedAvg, the trimmed mean (one per side of four), Krum (f = 1), norm bounding, the filtered mean and FLTrust
     * (with the aggregator's own update on the OEM engines).
     */
    static Map<String, AggregationRule> robustRules() {
        Map<String, AggregationRule> rules = new LinkedHashMap<>();
        rules.put("fedavg", new FedAvg());
        rules.put("trimmed", new TrimmedMean(0.25));
        rules.put("krum", Krum.single(1));
        rules.put("norm-bounded", new NormBoundedMean());
        rules.put("filtered", new FilteredMean());
        rules.put("fltrust", new FlTrust());
        return rules;
    }

    /**
     * @param honest the federation without an attacker; FedAvg's clean row is the bench's {@code fedavg} scenario
     * @param seed   seeds the noise attack
     */
    static List<ScenarioResult> run(Map<String, AggregationRule> rules, Federation honest, List<CmapssLoraTraining> plants,
                                    List<String> plantNames, long seed, Runner runner) throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        for (Map.Entry<String, AggregationRule> rule : rules.entrySet()) {
            if (!(rule.getValue() instanceof FedAvg)) {
                results.add(runner.run("clean / " + rule.getKey(), rule.getValue(), honest, "no attacker"));
            }
        }
        int attacker = plants.size() - 1;
        for (ByzantineTraining.Attack attack : ByzantineTraining.Attack.values()) {
            Federation attacked = honest.withTraining(i -> i == attacker
                    ? new ByzantineTraining(plants.get(i), attack, seed) : plants.get(i));
            for (Map.Entry<String, AggregationRule> rule : rules.entrySet()) {
                String name = "byz " + attack.name().toLowerCase(Locale.ROOT).replace('_', '-') + " / " + rule.getKey();
                results.add(runner.run(name, rule.getValue(), attacked, "attacker " + plantNames.get(attacker)));
            }
        }
        return results;
    }
}
