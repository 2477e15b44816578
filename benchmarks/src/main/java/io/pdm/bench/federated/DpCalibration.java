package io.pdm.bench.federated;

import io.pdm.federated.dp.RdpAccountant;
import io.pdm.federated.dp.SampledGaussianRound;

/** The smallest noise multiplier whose ε after a number of rounds stays within a target, by bisection. */
final class DpCalibration {

    private DpCalibration() {}

    /**
     * @param samplingRate  the chance a protected unit is in one application of the mechanism: for plant-level DP the
     *                      chance a plant takes part in a round (1: every round); for DP-SGD batch / plant windows
     * @param stepsPerRound applications per round: 1 for plant-level DP, the local steps for DP-SGD
     */
    static double noiseMultiplier(
            double targetEpsilon, double delta, int rounds, double samplingRate, int stepsPerRound) {
        double low = 0.01;
        double high = 1000;
        if (epsilon(high, delta, rounds, samplingRate, stepsPerRound) > targetEpsilon) {
            throw new IllegalArgumentException(
                    "no noise multiplier up to " + high + " reaches epsilon " + targetEpsilon);
        }
        for (int i = 0; i < 60; i++) {
            double mid = Math.sqrt(low * high);
            if (epsilon(mid, delta, rounds, samplingRate, stepsPerRound) > targetEpsilon) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return high;
    }

    /** ε at {@code delta} after {@code rounds} rounds, by the RDP accountant (Poisson-subsampled Gaussian). */
    static double epsilon(double noiseMultiplier, double delta, int rounds, double samplingRate, int stepsPerRound) {
        RdpAccountant accountant = RdpAccountant.empty();
        SampledGaussianRound round = new SampledGaussianRound(samplingRate, noiseMultiplier, stepsPerRound);
        for (int r = 0; r < rounds; r++) {
            accountant = accountant.compose(round);
        }
        return accountant.guarantee(delta).epsilon();
    }
}
