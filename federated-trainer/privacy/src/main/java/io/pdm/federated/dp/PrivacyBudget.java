package io.pdm.federated.dp;

import java.util.Objects;

/**
 * One plant's (ε, δ) budget and what it has spent, immutable: {@link #charge} returns the budget after the round
 * or refuses before anything is spent. Persist it between rounds like any record.
 */
public record PrivacyBudget(String plant, double targetEpsilon, double delta, RdpAccountant spent, int chargedRounds) {

    public PrivacyBudget {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(spent, "spent");
        if (!(targetEpsilon > 0) || !(delta > 0 && delta < 1) || chargedRounds < 0) {
            throw new IllegalArgumentException(
                    "need targetEpsilon > 0, delta in (0,1); got " + targetEpsilon + ", " + delta);
        }
    }

    public static PrivacyBudget fresh(String plant, double targetEpsilon, double delta) {
        return new PrivacyBudget(plant, targetEpsilon, delta, RdpAccountant.empty(), 0);
    }

    /** ε spent so far at this budget's δ. */
    public double spentEpsilon() {
        return spent.guarantee(delta).epsilon();
    }

    /** ε that would be spent after the round, without charging it. */
    public double epsilonAfter(SampledGaussianRound round) {
        return spent.compose(round).guarantee(delta).epsilon();
    }

    /** The budget after the round; throws {@link PrivacyBudgetExceededException} if it would exceed the target. */
    public PrivacyBudget charge(SampledGaussianRound round) {
        RdpAccountant after = spent.compose(round);
        double epsilonAfter = after.guarantee(delta).epsilon();
        if (epsilonAfter > targetEpsilon) {
            throw new PrivacyBudgetExceededException(plant, epsilonAfter, targetEpsilon);
        }
        return new PrivacyBudget(plant, targetEpsilon, delta, after, chargedRounds + 1);
    }
}
