package io.pdm.federated.bench;

import io.pdm.federated.dp.RdpAccountant;
import io.pdm.federated.dp.SampledGaussianRound;

/** The smallest noise multiplier whose ε after a number of rounds stays within a target, by bisection. */
final class DpCalibration {

    private DpCalibration() {
    }

    /** @param samplingRate the chance a plant takes part in a round (1: every round) */
    static double noiseMultiplier(double targetEpsilon, double delta, int rounds, double samplingRate) {
        double low = 0.01;
        double high = 1000;
        if (epsilon(high, delta, rounds, samplingRate) > targetEpsilon) {
            throw new IllegalArgumentException("no noise multiplier up to " + high + " reaches epsilon " + targetEpsilon);
        }
        for (int i = 0; i < 60; i++) {
            double mid = Math.sqrt(low * high);
            if (epsilon(mid, delta, rounds, samplingRate) > targetEpsilon) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return high;
    }

    static double epsilon(double noiseMultiplier, double delta, int rounds, double samplingRate) {
        RdpAccountant accountant = RdpAccountant.empty();
        SampledGaussianRound round = new SampledGaussianRound(samplingRate, noiseMultiplier, 1);
        for (int r = 0; r < rounds; r++) {
            accountant = accountant.compose(round);
        }
        return accountant.guarantee(delta).epsilon();
    }
}
