package io.pdm.bench.federated;

import io.pdm.federated.rules.AggregationRule;
import io.pdm.federated.rules.FedAvg;
import io.pdm.federated.rules.StrategyRegistry;
import io.pdm.federated.training.CmapssLoraTraining;
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

    private ByzantineScenarios() {}

    /** Every registered rule with its defaults (FLTrust with the aggregator's own update on the OEM engines). */
    static Map<String, AggregationRule> robustRules() {
        Map<String, AggregationRule> rules = new LinkedHashMap<>();
        StrategyRegistry.rules()
                .forEach(entry -> rules.put(entry.name(), entry.defaults().get()));
        return rules;
    }

    /**
     * @param honest the federation without an attacker; FedAvg's clean row is the bench's {@code fedavg} scenario
     * @param seed   seeds the noise attack
     */
    static List<ScenarioResult> run(
            Map<String, AggregationRule> rules,
            Federation honest,
            List<CmapssLoraTraining> plants,
            List<String> plantNames,
            long seed,
            Runner runner)
            throws Exception {
        List<ScenarioResult> results = new ArrayList<>();
        for (Map.Entry<String, AggregationRule> rule : rules.entrySet()) {
            if (!(rule.getValue() instanceof FedAvg)) {
                results.add(runner.run("clean / " + rule.getKey(), rule.getValue(), honest, "no attacker"));
            }
        }
        int attacker = plants.size() - 1;
        for (ByzantineTraining.Attack attack : ByzantineTraining.Attack.values()) {
            Federation attacked = honest.withTraining(
                    i -> i == attacker ? new ByzantineTraining(plants.get(i), attack, seed) : plants.get(i));
            for (Map.Entry<String, AggregationRule> rule : rules.entrySet()) {
                String name = "byz " + attack.name().toLowerCase(Locale.ROOT).replace('_', '-') + " / " + rule.getKey();
                results.add(runner.run(name, rule.getValue(), attacked, "attacker " + plantNames.get(attacker)));
            }
        }
        return results;
    }
}
