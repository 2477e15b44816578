package io.pdm.federated.dp;

/** The next round would push a plant's privacy loss past its target ε; the round must not run. */
public final class PrivacyBudgetExceededException extends RuntimeException {

    private final String plant;
    private final double epsilonAfterRound;
    private final double targetEpsilon;

    public PrivacyBudgetExceededException(String plant, double epsilonAfterRound, double targetEpsilon) {
        super(String.format(
                "plant %s: the next round would spend epsilon %.4f, over its budget of %.4f",
                plant, epsilonAfterRound, targetEpsilon));
        this.plant = plant;
        this.epsilonAfterRound = epsilonAfterRound;
        this.targetEpsilon = targetEpsilon;
    }

    public String plant() {
        return plant;
    }

    public double epsilonAfterRound() {
        return epsilonAfterRound;
    }

    public double targetEpsilon() {
        return targetEpsilon;
    }
}
