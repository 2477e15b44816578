package io.pdm.federated.bench;

import java.util.List;
import java.util.Set;

/**
 * Settings of the federated C-MAPSS bench.
 *
 * @param subsets      one plant per subset (FD001..FD004), each keeping its non-OEM engines private
 * @param scenarios    which of {@link FederatedCmapssBench#SCENARIOS} to run
 * @param dpClipNorm   L2 bound each plant clips its delta to in the DP scenarios
 * @param dpEpsilons   target ε after all rounds, one DP run each (δ = {@link FederatedCmapssBench#DP_DELTA})
 */
public record BenchOptions(List<String> subsets, int rounds, int localSteps, int batch, float learningRate, int loraRank,
                           long seed, Set<String> scenarios, double dpClipNorm, List<Double> dpEpsilons) {

    public BenchOptions {
        subsets = List.copyOf(subsets);
        scenarios = Set.copyOf(scenarios);
        dpEpsilons = List.copyOf(dpEpsilons);
        if (rounds < 1 || localSteps < 1 || batch < 1 || loraRank < 1 || !(dpClipNorm > 0)) {
            throw new IllegalArgumentException("rounds, local steps, batch, rank and DP clip norm must be positive");
        }
        for (String scenario : scenarios) {
            if (!FederatedCmapssBench.SCENARIOS.contains(scenario)) {
                throw new IllegalArgumentException("unknown scenario " + scenario + "; choose from " + FederatedCmapssBench.SCENARIOS);
            }
        }
    }

    /** Four plants, every scenario, 5 rounds of 30 steps of 64 windows, LoRA r = 8, ε ∈ {1, 4, 8}. */
    public static BenchOptions defaults() {
        return new BenchOptions(List.of("FD001", "FD002", "FD003", "FD004"), 5, 30, 64, 1e-3f, 8, 42,
                Set.copyOf(FederatedCmapssBench.SCENARIOS), 1.0, List.of(1.0, 4.0, 8.0));
    }

    public BenchOptions with(int newRounds, int newLocalSteps, int newBatch, long newSeed, Set<String> newScenarios) {
        return new BenchOptions(subsets, newRounds, newLocalSteps, newBatch, learningRate, loraRank, newSeed, newScenarios,
                dpClipNorm, dpEpsilons);
    }

    public BenchOptions withLearningRate(float newLearningRate) {
        return new BenchOptions(subsets, rounds, localSteps, batch, newLearningRate, loraRank, seed, scenarios, dpClipNorm,
                dpEpsilons);
    }

    public BenchOptions withDpClipNorm(double newDpClipNorm) {
        return new BenchOptions(subsets, rounds, localSteps, batch, learningRate, loraRank, seed, scenarios, newDpClipNorm,
                dpEpsilons);
    }

    public BenchOptions withSubsets(List<String> newSubsets) {
        return new BenchOptions(newSubsets, rounds, localSteps, batch, learningRate, loraRank, seed, scenarios, dpClipNorm,
                dpEpsilons);
    }
}
