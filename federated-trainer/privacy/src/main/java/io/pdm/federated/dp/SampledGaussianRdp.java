package io.pdm.federated.dp;

/**
 * Rényi DP of the sampled Gaussian mechanism (Mironov, Talwar, Zhang 2019, "Rényi Differential Privacy of the
 * Sampled Gaussian Mechanism", Section 3.3): RDP(α) = log(A_α)/(α − 1), with A_α summed in log space as a
 * finite binomial series for integer α and as the two-sided erfc series for fractional α. This is the same
 * computation as TF Privacy's and Opacus' {@code compute_rdp}; no Java library offers it, so it is hand-written.
 */
public final class SampledGaussianRdp {

    /** The fractional series stops once both new terms are below e^-30 (as in the reference implementations). */
    private static final double NEGLIGIBLE_LOG_TERM = -30;

    private SampledGaussianRdp() {}

    /**
     * RDP at order α of one application with Poisson sampling rate q and noise multiplier σ (noise standard
     * deviation over L2 sensitivity).
     */
    public static double rdp(double samplingRate, double noiseMultiplier, double alpha) {
        if (!(samplingRate >= 0 && samplingRate <= 1) || !(noiseMultiplier >= 0) || !(alpha > 1)) {
            throw new IllegalArgumentException("need q in [0,1], sigma >= 0, alpha > 1; got q=" + samplingRate
                    + " sigma=" + noiseMultiplier + " alpha=" + alpha);
        }
        if (samplingRate == 0) {
            return 0;
        }
        if (noiseMultiplier == 0 || Double.isInfinite(alpha)) {
            return Double.POSITIVE_INFINITY;
        }
        if (samplingRate == 1) {
            return alpha / (2 * noiseMultiplier * noiseMultiplier);
        }
        double logA = alpha == Math.rint(alpha)
                ? logAForIntegerOrder(samplingRate, noiseMultiplier, (int) alpha)
                : logAForFractionalOrder(samplingRate, noiseMultiplier, alpha);
        return logA / (alpha - 1);
    }

    /** RDP at every order for {@code steps} compositions (RDP composes additively). */
    public static double[] rdp(double samplingRate, double noiseMultiplier, long steps, RdpOrders orders) {
        double[] rdp = new double[orders.size()];
        for (int i = 0; i < rdp.length; i++) {
            rdp[i] = steps * rdp(samplingRate, noiseMultiplier, orders.get(i));
        }
        return rdp;
    }

    /** log A_α = log Σ_{i=0..α} C(α,i) q^i (1−q)^{α−i} exp((i² − i)/(2σ²)). */
    private static double logAForIntegerOrder(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        double logBinomial = 0;
        for (int i = 0; i <= alpha; i++) {
            if (i > 0) {
                logBinomial += Math.log(alpha - i + 1) - Math.log(i);
            }
            double logTerm = logBinomial
                    + i * Math.log(q)
                    + (alpha - i) * Math.log1p(-q)
                    + (i * (double) i - i) / (2 * sigma * sigma);
            logA = LogSpace.add(logA, logTerm);
        }
        return logA;
    }

    /**
     * log A_α for fractional α: A_α = Σ_i C(α,i)·[q^i (1−q)^{α−i} e^{(i²−i)/2σ²} ½erfc((i−z₀)/(√2σ))
     * + q^{α−i} (1−q)^i e^{((α−i)²−(α−i))/2σ²} ½erfc((z₀−(α−i))/(√2σ))], z₀ = σ² log(1/q − 1) + ½, summed until
     * the terms are negligible. Generalised binomial coefficients alternate in sign once i &gt; α.
     */
    private static double logAForFractionalOrder(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logAbsBinomial = 0;
        double binomialSign = 1;
        double sqrt2Sigma = Math.sqrt(2) * sigma;
        for (int i = 0; ; i++) {
            if (i > 0) {
                double factor = alpha - i + 1;
                logAbsBinomial += Math.log(Math.abs(factor)) - Math.log(i);
                binomialSign *= Math.signum(factor);
            }
            double j = alpha - i;
            double logT0 = logAbsBinomial + i * Math.log(q) + j * Math.log1p(-q);
            double logT1 = logAbsBinomial + j * Math.log(q) + i * Math.log1p(-q);
            double logE0 = Math.log(0.5) + LogSpace.logErfc((i - z0) / sqrt2Sigma);
            double logE1 = Math.log(0.5) + LogSpace.logErfc((z0 - j) / sqrt2Sigma);
            double logS0 = logT0 + (i * (double) i - i) / (2 * sigma * sigma) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            if (binomialSign > 0) {
                logA0 = LogSpace.add(logA0, logS0);
                logA1 = LogSpace.add(logA1, logS1);
            } else {
                logA0 = LogSpace.subtract(logA0, logS0);
                logA1 = LogSpace.subtract(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < NEGLIGIBLE_LOG_TERM) {
                return LogSpace.add(logA0, logA1);
            }
        }
    }
}
