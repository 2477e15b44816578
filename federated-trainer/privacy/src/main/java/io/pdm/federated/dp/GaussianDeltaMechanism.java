package io.pdm.federated.dp;

import java.util.random.RandomGenerator;

/**
 * Client-side Gaussian mechanism for a delta: clip to L2 norm C, then add N(0, σ²) per coordinate with
 * σ = noise multiplier × C, so the noise is calibrated to the clipped sensitivity. Pass a
 * {@link java.security.SecureRandom} in production; a seeded generator (e.g. {@link java.util.SplittableRandom})
 * only for reproducible benchmarks, since predictable noise gives no privacy.
 *
 * @param clipNorm        C, the maximum L2 norm of a delta
 * @param noiseMultiplier z, noise standard deviation in units of C
 */
public record GaussianDeltaMechanism(double clipNorm, double noiseMultiplier) {

    public GaussianDeltaMechanism {
        if (!(clipNorm > 0) || !(noiseMultiplier >= 0)) {
            throw new IllegalArgumentException(
                    "need clipNorm > 0 and noiseMultiplier >= 0; got " + clipNorm + ", " + noiseMultiplier);
        }
    }

    public double noiseStandardDeviation() {
        return noiseMultiplier * clipNorm;
    }

    /** A copy scaled by min(1, C/‖delta‖₂). */
    public float[] clip(float[] delta) {
        double norm = l2Norm(delta);
        double scale = norm > clipNorm ? clipNorm / norm : 1.0;
        float[] clipped = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            clipped[i] = (float) (delta[i] * scale);
        }
        return clipped;
    }

    /** Clipped and noised copy of the delta; the input is not modified. */
    public float[] privatize(float[] delta, RandomGenerator random) {
        float[] noisy = clip(delta);
        double sigma = noiseStandardDeviation();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += (float) (sigma * random.nextGaussian());
        }
        return noisy;
    }

    public static double l2Norm(float[] vector) {
        double sumOfSquares = 0;
        for (float value : vector) {
            sumOfSquares += (double) value * value;
        }
        return Math.sqrt(sumOfSquares);
    }
}
