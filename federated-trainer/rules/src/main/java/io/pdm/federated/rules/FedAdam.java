package io.pdm.federated.rules;

/**
 * FedAdam (Reddi et al. 2021): m ← β1·m + (1−β1)·Δ; v ← β2·v + (1−β2)·Δ²; global += η·m / (√v + τ).
 * The paper's defaults are around β1 = 0.9, β2 = 0.99, τ = 1e-3, η tuned per task.
 */
public record FedAdam(float learningRate, float beta1, float beta2, float tau) implements ServerOptimizer {

    public FedAdam {
        AdaptiveServerStep.requireHyperparameters(learningRate, beta1, beta2, tau);
    }

    @Override
    public ServerOptimizerState initialState(int dimension) {
        return AdaptiveServerStep.initialState(dimension, tau);
    }

    @Override
    public ServerStep step(float[] global, float[] aggregatedDelta, ServerOptimizerState state) {
        return AdaptiveServerStep.step(
                global,
                aggregatedDelta,
                state,
                learningRate,
                beta1,
                tau,
                (v, squaredDelta) -> beta2 * v + (1 - beta2) * squaredDelta);
    }
}
