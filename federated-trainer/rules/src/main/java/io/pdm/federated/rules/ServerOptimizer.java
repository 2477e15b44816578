package io.pdm.federated.rules;

/**
 * Turns a round's aggregated delta into the next global adapter (Reddi et al. 2021, "Adaptive Federated
 * Optimization", Algorithm 2): the aggregated delta is treated as a pseudo-gradient step. The optimiser is a pure
 * function of (global, delta, state); the returned state is persisted between rounds.
 */
public interface ServerOptimizer {

    /** The state before the first round for a model of this many parameters. */
    ServerOptimizerState initialState(int dimension);

    /** Applies one round; neither input array is modified. */
    ServerStep step(float[] global, float[] aggregatedDelta, ServerOptimizerState state);

    static void requireSameDimension(float[] global, float[] aggregatedDelta, ServerOptimizerState state) {
        if (global.length != aggregatedDelta.length) {
            throw new IllegalArgumentException(
                    "global has " + global.length + " parameters, delta " + aggregatedDelta.length);
        }
        if (state.firstMoment().length != 0 && state.firstMoment().length != global.length) {
            throw new IllegalArgumentException(
                    "optimiser state is for " + state.firstMoment().length + " parameters, model has " + global.length);
        }
    }
}
