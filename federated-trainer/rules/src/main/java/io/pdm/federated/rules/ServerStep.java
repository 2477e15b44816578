package io.pdm.federated.rules;

/** The new global adapter after a round and the optimiser state to persist for the next one. */
public record ServerStep(float[] global, ServerOptimizerState state) {

    public ServerStep {
        global = global.clone();
    }

    @Override
    public float[] global() {
        return global.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerStep that
                && java.util.Arrays.equals(global, that.global)
                && state.equals(that.state);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(global) + state.hashCode();
    }

    @Override
    public String toString() {
        return "ServerStep[parameters=" + global.length + ", state=" + state + "]";
    }
}
