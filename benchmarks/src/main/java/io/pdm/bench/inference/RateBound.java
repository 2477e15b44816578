package io.pdm.bench.inference;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * How much a count of false alerts in some healthy running says about the rate: the exact (Garwood) one-sided upper
 * confidence bound of a Poisson rate. With {@code k} events in exposure {@code t}, the rate is below
 * {@code χ²(confidence; 2k + 2) / 2 / t} with the given confidence. Zero events in 8 healthy hours bound the rate only
 * below 375 per 1,000 h (95 %), so a goal of 1 per 1,000 h can be shown met only with about 3,000 healthy hours; the
 * report prints the bound beside every rate so that a small count on little running is not read as a small rate.
 */
public final class RateBound {
    /** The confidence of every bound the evaluation reports. */
    public static final double CONFIDENCE = 0.95;

    private RateBound() {}

    /**
     * The upper confidence bound of the rate per 1,000 exposure units.
     *
     * @param events     observed events (≥ 0)
     * @param exposure   exposure in life units (&gt; 0)
     * @param confidence e.g. 0.95
     */
    public static double upperPer1000(int events, double exposure, double confidence) {
        if (events < 0) throw new IllegalArgumentException("events must be ≥ 0, got " + events);
        if (!(exposure > 0) || Double.isInfinite(exposure)) {
            throw new IllegalArgumentException("exposure must be positive and finite, got " + exposure);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        double mean = new ChiSquaredDistribution(2.0 * events + 2).inverseCumulativeProbability(confidence) / 2;
        return 1000 * mean / exposure;
    }

    /**
     * The exposure needed to show a rate below {@code goalPer1000} at the given confidence if no event occurs: the
     * resolution a run needs before "zero false alerts" can say "goal met".
     */
    public static double exposureToResolve(double goalPer1000, double confidence) {
        if (!(goalPer1000 > 0)) throw new IllegalArgumentException("goal must be positive, got " + goalPer1000);
        return upperPer1000(0, 1000, confidence) * 1000 / goalPer1000;
    }
}
