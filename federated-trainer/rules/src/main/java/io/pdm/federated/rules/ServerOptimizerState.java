package io.pdm.federated.rules;

import java.util.Arrays;

/**
 * Server optimiser state between rounds, a plain record so Jackson can persist it. Arrays an optimiser does not
 * use are empty: plain SGD keeps none, FedAvgM only the momentum, FedAdam/FedYogi both moments.
 *
 * @param completedRounds rounds applied so far
 * @param firstMoment     momentum / first moment m (or empty)
 * @param secondMoment    second moment v (or empty)
 */
public record ServerOptimizerState(long completedRounds, float[] firstMoment, float[] secondMoment) {

    public ServerOptimizerState {
        firstMoment = firstMoment.clone();
        secondMoment = secondMoment.clone();
    }

    @Override
    public float[] firstMoment() {
        return firstMoment.clone();
    }

    @Override
    public float[] secondMoment() {
        return secondMoment.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerOptimizerState that
                && completedRounds == that.completedRounds
                && Arrays.equals(firstMoment, that.firstMoment)
                && Arrays.equals(secondMoment, that.secondMoment);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(completedRounds) * 31 * 31
                + Arrays.hashCode(firstMoment) * 31
                + Arrays.hashCode(secondMoment);
    }

    @Override
    public String toString() {
        return "ServerOptimizerState[completedRounds=" + completedRounds + ", firstMoment=" + firstMoment.length
                + " floats, secondMoment=" + secondMoment.length + " floats]";
    }
}
