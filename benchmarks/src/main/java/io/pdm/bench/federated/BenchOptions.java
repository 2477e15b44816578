package io.pdm.bench.federated;

import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.lora.LoraConfig;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Settings of the federated C-MAPSS bench.
 *
 * @param subsets        one plant per subset (FD001..FD004), each keeping its non-OEM engines private
 * @param scenarios      which {@link FederatedScenario}s to run (they run in the enum's order)
 * @param loraRank       LoRA rank of the federated adapter (alpha = 2 × rank) in every scenario but {@code compact}
 * @param loraTargets    projections that carry LoRA factors in every scenario but {@code compact}
 * @param wire           element type of plain delta uploads in every scenario but {@code compact} (F16 there);
 *                       {@code compact+finetune} uploads its factors in this type
 * @param proximalMu     FedProx's μ in the {@code fedprox} scenario
 * @param dittoLambda    Ditto's λ, the personal adapter's pull towards the global one, in the {@code ditto} scenario
 * @param compactRank    LoRA rank of the {@code compact} and {@code compact+finetune} scenarios (personalised)
 * @param compactTargets projections with LoRA factors in the {@code compact} and {@code compact+finetune} scenarios
 * @param dpClipNorm     L2 bound each plant clips its whole delta to in the plant-level DP scenarios
 * @param dpSgdClipNorm  L2 bound of each window's gradient in the DP-SGD scenarios
 * @param dpEpsilons     target ε after all rounds, one run each for plant-level DP and for DP-SGD
 *                       (δ = {@link FederatedCmapssBench#DP_DELTA})
 * @param adaptationRounds most rounds of local work a plant tries on the final global adapter in the {@code +finetune}
 *                       scenarios, and beyond the federated rounds in {@code local+validated}; the plant keeps the
 *                       round its held-out engines score best
 * @param plantEngines   private engines each plant keeps (0: all of its subset's outside the OEM share); a few
 *                       engines per plant show what federation adds to a plant with a short history
 * @param fullEpochs     epochs of the {@code pooled-full} and {@code pooled-finetune} baselines (0: their recipes',
 *                       25 and 15)
 * @param fullEnsemble   models averaged in {@code pooled-full} (0: the recipe's 5)
 * @param tuningFraction 0 to score every row on the NASA test sets; otherwise the share of each plant's private
 *                       engines kept apart to score settings on instead, with the test files refused for the whole
 *                       run ({@code TuningHistory})
 * @param averagedVersions each plant serves (and, in {@code +finetune}, adapts) the mean of the last this many global
 *                       versions ({@code plant.RoundAveraging}, stochastic weight averaging over rounds); 1 serves the
 *                       newest alone
 */
public record BenchOptions(
        List<String> subsets,
        int rounds,
        int localSteps,
        int batch,
        float learningRate,
        int loraRank,
        List<String> loraTargets,
        SafetensorsDtype wire,
        float proximalMu,
        float dittoLambda,
        int compactRank,
        List<String> compactTargets,
        long seed,
        Set<FederatedScenario> scenarios,
        double dpClipNorm,
        double dpSgdClipNorm,
        List<Double> dpEpsilons,
        int adaptationRounds,
        int plantEngines,
        int fullEpochs,
        int fullEnsemble,
        double tuningFraction,
        int averagedVersions) {

    public BenchOptions {
        subsets = List.copyOf(subsets);
        loraTargets = List.copyOf(loraTargets);
        compactTargets = List.copyOf(compactTargets);
        scenarios = Set.copyOf(scenarios);
        dpEpsilons = List.copyOf(dpEpsilons);
        Objects.requireNonNull(wire, "wire");
        if (rounds < 1
                || localSteps < 1
                || batch < 1
                || loraRank < 1
                || compactRank < 1
                || !(dpClipNorm > 0)
                || !(dpSgdClipNorm > 0)
                || !(proximalMu >= 0)
                || !(dittoLambda >= 0)
                || adaptationRounds < 0
                || plantEngines < 0
                || fullEpochs < 0
                || fullEnsemble < 0
                || !(tuningFraction >= 0 && tuningFraction < 1)
                || averagedVersions < 1) {
            throw new IllegalArgumentException(
                    "rounds, local steps, batch, ranks and clip norms must be positive; mu, lambda, adaptation rounds,"
                            + " plant engines and the full baselines' epochs and ensemble >= 0; tuning fraction in [0, 1);"
                            + " averaged versions >= 1");
        }
    }

    /**
     * Four plants, every scenario, 5 rounds of 30 steps of 64 windows, LoRA r = 8 on q/k/v/o with F32 uploads,
     * FedProx μ = 0.01, Ditto λ = 0.1, compact r = 1 on q/v, ε ∈ {1, 4, 8}, DP-SGD clip 10, up to 5 adaptation rounds.
     */
    public static BenchOptions defaults() {
        return new BenchOptions(
                List.of("FD001", "FD002", "FD003", "FD004"),
                5,
                30,
                64,
                1e-3f,
                8,
                LoraConfig.DEFAULT_TARGET_MODULES,
                SafetensorsDtype.F32,
                0.01f,
                0.1f,
                1,
                List.of("q_proj", "v_proj"),
                42,
                EnumSet.allOf(FederatedScenario.class),
                1.0,
                10.0,
                List.of(1.0, 4.0, 8.0),
                5,
                0,
                0,
                0,
                0,
                1);
    }

    /** Serve the mean of the last {@code versions} global versions (1: the newest alone). */
    public BenchOptions withAveragedVersions(int versions) {
        return edit(b -> b.averagedVersions = versions);
    }

    /** The full-training baselines' budget (0: their recipes'). */
    public BenchOptions withFullTraining(int epochs, int ensemble) {
        return edit(b -> {
            b.fullEpochs = epochs;
            b.fullEnsemble = ensemble;
        });
    }

    /** Score settings on this share of each plant's private engines, test files refused (0: the test sets). */
    public BenchOptions withTuningFraction(double fraction) {
        return edit(b -> b.tuningFraction = fraction);
    }

    /** Whether this run chooses settings: scored on tuning engines, test files refused. */
    public boolean tuning() {
        return tuningFraction > 0;
    }

    public BenchOptions with(
            int newRounds, int newLocalSteps, int newBatch, long newSeed, Set<FederatedScenario> newScenarios) {
        return edit(b -> {
            b.rounds = newRounds;
            b.localSteps = newLocalSteps;
            b.batch = newBatch;
            b.seed = newSeed;
            b.scenarios = newScenarios;
        });
    }

    public BenchOptions withLearningRate(float newLearningRate) {
        return edit(b -> b.learningRate = newLearningRate);
    }

    public BenchOptions withDpClipNorms(double newDpClipNorm, double newDpSgdClipNorm) {
        return edit(b -> {
            b.dpClipNorm = newDpClipNorm;
            b.dpSgdClipNorm = newDpSgdClipNorm;
        });
    }

    public BenchOptions withDpEpsilons(List<Double> newEpsilons) {
        return edit(b -> b.dpEpsilons = newEpsilons);
    }

    public BenchOptions withSubsets(List<String> newSubsets) {
        return edit(b -> b.subsets = newSubsets);
    }

    /** The federated adapter's shape and upload format, FedProx's μ and Ditto's λ. */
    public BenchOptions withAdapter(int rank, List<String> targets, SafetensorsDtype newWire, float mu, float lambda) {
        return edit(b -> {
            b.loraRank = rank;
            b.loraTargets = targets;
            b.wire = newWire;
            b.proximalMu = mu;
            b.dittoLambda = lambda;
        });
    }

    /** The {@code compact} scenario's LoRA rank and target projections. */
    public BenchOptions withCompact(int rank, List<String> targets) {
        return edit(b -> {
            b.compactRank = rank;
            b.compactTargets = targets;
        });
    }

    public BenchOptions withAdaptationRounds(int newAdaptationRounds) {
        return edit(b -> b.adaptationRounds = newAdaptationRounds);
    }

    public BenchOptions withPlantEngines(int newPlantEngines) {
        return edit(b -> b.plantEngines = newPlantEngines);
    }

    /** A copy with the changes {@code change} makes to a builder that starts as this; validated like any other. */
    private BenchOptions edit(Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return builder.build();
    }

    /** The record's components, mutable, so each wither names only what it changes. */
    private static final class Builder {
        List<String> subsets;
        int rounds;
        int localSteps;
        int batch;
        float learningRate;
        int loraRank;
        List<String> loraTargets;
        SafetensorsDtype wire;
        float proximalMu;
        float dittoLambda;
        int compactRank;
        List<String> compactTargets;
        long seed;
        Set<FederatedScenario> scenarios;
        double dpClipNorm;
        double dpSgdClipNorm;
        List<Double> dpEpsilons;
        int adaptationRounds;
        int plantEngines;
        int fullEpochs;
        int fullEnsemble;
        double tuningFraction;
        int averagedVersions;

        Builder(BenchOptions o) {
            subsets = o.subsets;
            rounds = o.rounds;
            localSteps = o.localSteps;
            batch = o.batch;
            learningRate = o.learningRate;
            loraRank = o.loraRank;
            loraTargets = o.loraTargets;
            wire = o.wire;
            proximalMu = o.proximalMu;
            dittoLambda = o.dittoLambda;
            compactRank = o.compactRank;
            compactTargets = o.compactTargets;
            seed = o.seed;
            scenarios = o.scenarios;
            dpClipNorm = o.dpClipNorm;
            dpSgdClipNorm = o.dpSgdClipNorm;
            dpEpsilons = o.dpEpsilons;
            adaptationRounds = o.adaptationRounds;
            plantEngines = o.plantEngines;
            fullEpochs = o.fullEpochs;
            fullEnsemble = o.fullEnsemble;
            tuningFraction = o.tuningFraction;
            averagedVersions = o.averagedVersions;
        }

        BenchOptions build() {
            return new BenchOptions(
                    subsets,
                    rounds,
                    localSteps,
                    batch,
                    learningRate,
                    loraRank,
                    loraTargets,
                    wire,
                    proximalMu,
                    dittoLambda,
                    compactRank,
                    compactTargets,
                    seed,
                    scenarios,
                    dpClipNorm,
                    dpSgdClipNorm,
                    dpEpsilons,
                    adaptationRounds,
                    plantEngines,
                    fullEpochs,
                    fullEnsemble,
                    tuningFraction,
                    averagedVersions);
        }
    }
}
