package io.pdm.federated.rules;

/**
 * FedYogi (Reddi et al. 2021): like FedAdam but v ← v − (1−β2)·Δ²·sign(v − Δ²), so v grows or shrinks
 * additively rather than decaying multiplicatively, which keeps the effective step from exploding.
 */
public record FedYogi(float learningRate, float beta1, float beta2, float tau) implements ServerOptimizer {

    public FedYogi {
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
                (v, squaredDelta) -> v - (1 - beta2) * squaredDelta * Math.signum(v - squaredDelta));
    }
}
