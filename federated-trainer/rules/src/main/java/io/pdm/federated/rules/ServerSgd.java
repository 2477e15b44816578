package io.pdm.federated.rules;

/** Plain server step: global += η·Δ. With η = 1 and a FedAvg delta this is exactly FedAvg. */
public record ServerSgd(float learningRate) implements ServerOptimizer {

    public ServerSgd {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, was " + learningRate);
        }
    }

    @Override
    public ServerOptimizerState initialState(int dimension) {
        return new ServerOptimizerState(0, new float[0], new float[0]);
    }

    @Override
    public ServerStep step(float[] global, float[] aggregatedDelta, ServerOptimizerState state) {
        ServerOptimizer.requireSameDimension(global, aggregatedDelta, state);
        float[] next = new float[global.length];
        for (int i = 0; i < next.length; i++) {
            next[i] = global[i] + learningRate * aggregatedDelta[i];
        }
        return new ServerStep(next, new ServerOptimizerState(state.completedRounds() + 1, new float[0], new float[0]));
    }
}
