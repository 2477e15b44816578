package io.pdm.federated.dp;

/**
 * What one federated round costs in privacy: {@code steps} applications of the Gaussian mechanism, each on a
 * Poisson-sampled fraction {@code samplingRate} of the protected units, with noise multiplier σ.
 *
 * <p>For example-level DP-SGD inside a plant: q = batch size / plant examples, steps = local steps in the round.
 * For plant-level DP-FedAvg (McMahan et al. 2018): q = fraction of plants sampled, steps = 1.
 */
public record SampledGaussianRound(double samplingRate, double noiseMultiplier, long steps) {

    public SampledGaussianRound {
        if (!(samplingRate > 0 && samplingRate <= 1) || !(noiseMultiplier > 0) || steps < 1) {
            throw new IllegalArgumentException("need q in (0,1], sigma > 0, steps >= 1; got q=" + samplingRate
                    + " sigma=" + noiseMultiplier + " steps=" + steps);
        }
    }
}
