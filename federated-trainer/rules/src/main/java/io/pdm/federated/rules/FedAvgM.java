package io.pdm.federated.rules;

/**
 * FedAvg with server momentum (Hsu et al. 2019): m ← β·m + Δ; global += η·m. Smooths the noisy per-round
 * deltas that non-IID plants produce.
 */
public record FedAvgM(float learningRate, float momentum) implements ServerOptimizer {

    public FedAvgM {
        if (!(learningRate > 0) || !(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(
                    "need learningRate > 0 and momentum in [0, 1), got " + learningRate + ", " + momentum);
        }
    }

    @Override
    public ServerOptimizerState initialState(int dimension) {
        return new ServerOptimizerState(0, new float[dimension], new float[0]);
    }

    @Override
    public ServerStep step(float[] global, float[] aggregatedDelta, ServerOptimizerState state) {
        ServerOptimizer.requireSameDimension(global, aggregatedDelta, state);
        float[] m = state.firstMoment();
        float[] next = new float[global.length];
        for (int i = 0; i < next.length; i++) {
            m[i] = momentum * m[i] + aggregatedDelta[i];
            next[i] = global[i] + learningRate * m[i];
        }
        return new ServerStep(next, new ServerOptimizerState(state.completedRounds() + 1, m, new float[0]));
    }
}
