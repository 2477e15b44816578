package io.pdm.federated.rules;

/**
 * The shared part of FedAdam and FedYogi (Reddi et al. 2021, Algorithm 2), which differ only in the second
 * moment update. As in the paper there is no bias correction and v starts at τ².
 */
final class AdaptiveServerStep {

    /** v_t from v_{t-1} and the squared delta. */
    @FunctionalInterface
    interface SecondMomentUpdate {
        double next(double previous, double squaredDelta);
    }

    private AdaptiveServerStep() {}

    static ServerOptimizerState initialState(int dimension, float tau) {
        float[] v = new float[dimension];
        java.util.Arrays.fill(v, tau * tau);
        return new ServerOptimizerState(0, new float[dimension], v);
    }

    static ServerStep step(
            float[] global,
            float[] aggregatedDelta,
            ServerOptimizerState state,
            float learningRate,
            float beta1,
            float tau,
            SecondMomentUpdate secondMoment) {
        ServerOptimizer.requireSameDimension(global, aggregatedDelta, state);
        float[] m = state.firstMoment();
        float[] v = state.secondMoment();
        float[] next = new float[global.length];
        for (int i = 0; i < next.length; i++) {
            double delta = aggregatedDelta[i];
            m[i] = (float) (beta1 * m[i] + (1 - beta1) * delta);
            v[i] = (float) secondMoment.next(v[i], delta * delta);
            next[i] = (float) (global[i] + learningRate * m[i] / (Math.sqrt(v[i]) + tau));
        }
        return new ServerStep(next, new ServerOptimizerState(state.completedRounds() + 1, m, v));
    }

    static void requireHyperparameters(float learningRate, float beta1, float beta2, float tau) {
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(tau > 0)) {
            throw new IllegalArgumentException("need learningRate > 0, beta1 and beta2 in [0, 1), tau > 0; got "
                    + learningRate + ", " + beta1 + ", " + beta2 + ", " + tau);
        }
    }
}
