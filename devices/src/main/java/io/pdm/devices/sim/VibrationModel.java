package io.pdm.devices.sim;

import java.util.SplittableRandom;

/**
 * Synthesises one accelerometer block [g] of a pump set. Healthy: shaft harmonics (1×, 2×, 3×) plus
 * noise, so kurtosis stays near 1.5–3. A bearing outer-race defect adds an impulse every 1/BPFO seconds,
 * each a decaying ring-down of the housing resonance; that raises kurtosis, crest factor and the energy
 * in the resonance band. Seal wear/cavitation adds broadband noise (raises RMS, not kurtosis).
 */
final class VibrationModel {
    static final double NOISE_G = 0.01;
    static final double RINGDOWN_S = 0.001;

    private VibrationModel() {}

    /**
     * @param speedRpm     shaft speed
     * @param n            speed ratio (load)
     * @param bearingWear  0 (new) … 1 (failed)
     * @param sealWear     0 … 1
     * @param unbalanceG   1× amplitude of this asset at rated speed
     * @param bpfoRatio    outer-race defect frequency / shaft frequency (bearing geometry)
     * @param resonanceHz  housing resonance excited by the impacts
     */
    static float[] block(
            SplittableRandom rng,
            int samples,
            double rateHz,
            double speedRpm,
            double n,
            double bearingWear,
            double sealWear,
            double unbalanceG,
            double bpfoRatio,
            double resonanceHz) {
        double fs = speedRpm / 60.0;
        double a1 = unbalanceG * n * n, a2 = 0.4 * a1, a3 = 0.15 * a1;
        double p1 = rng.nextDouble() * 2 * Math.PI,
                p2 = rng.nextDouble() * 2 * Math.PI,
                p3 = rng.nextDouble() * 2 * Math.PI;
        double sigma = NOISE_G + 0.08 * sealWear * sealWear * n;
        double[] x = new double[samples];
        for (int i = 0; i < samples; i++) {
            double t = i / rateHz;
            x[i] = a1 * Math.sin(2 * Math.PI * fs * t + p1)
                    + a2 * Math.sin(4 * Math.PI * fs * t + p2)
                    + a3 * Math.sin(6 * Math.PI * fs * t + p3)
                    + sigma * rng.nextGaussian();
        }
        double impact = 2.5 * bearingWear * bearingWear * n;
        if (impact > 1e-4 && fs > 0) {
            double period = 1.0 / (bpfoRatio * fs);
            double duration = samples / rateHz;
            int span = (int) Math.ceil(8 * RINGDOWN_S * rateHz);
            // Rolling elements slip, so impacts jitter by ~1 % of the period; the first one lands anywhere.
            for (double tk = rng.nextDouble() * period; tk < duration; tk += period * (1 + 0.01 * rng.nextGaussian())) {
                double amp = impact * (0.7 + 0.6 * rng.nextDouble());
                int i0 = (int) Math.ceil(tk * rateHz);
                for (int i = i0; i < Math.min(samples, i0 + span); i++) {
                    double dt = i / rateHz - tk;
                    x[i] += amp * Math.exp(-dt / RINGDOWN_S) * Math.sin(2 * Math.PI * resonanceHz * dt);
                }
            }
        }
        float[] out = new float[samples];
        for (int i = 0; i < samples; i++) out[i] = (float) (Math.round(x[i] * 1e5) / 1e5);
        return out;
    }

    /** Excess-free (Pearson) kurtosis m4 / m2²; 3 for Gaussian noise, 1.5 for a sine. */
    static double kurtosis(float[] x) {
        double mean = 0;
        for (float v : x) mean += v;
        mean /= x.length;
        double m2 = 0, m4 = 0;
        for (float v : x) {
            double d = v - mean, d2 = d * d;
            m2 += d2;
            m4 += d2 * d2;
        }
        m2 /= x.length;
        m4 /= x.length;
        return m2 == 0 ? Double.NaN : m4 / (m2 * m2);
    }

    static double rms(float[] x) {
        double s = 0;
        for (float v : x) s += (double) v * v;
        return Math.sqrt(s / x.length);
    }
}
