package io.pdm.devices.sim;

import java.util.SplittableRandom;

/**
 * Operating regimes of a variable-speed pump set. The regime fixes the speed ratio n = N / N_rated; by
 * the pump affinity laws flow ∝ n, head ∝ n², shaft power ∝ n³, so every sensor baseline shifts with it.
 */
public enum Regime {
    IDLE(0.60, 0.15),
    LOW(0.75, 0.25),
    NOMINAL(0.90, 0.40),
    PEAK(1.00, 0.20);

    /** Speed ratio n. */
    public final double speedRatio;
    /** Relative frequency when switching (the long-run share is roughly proportional). */
    final double weight;

    Regime(double speedRatio, double weight) {
        this.speedRatio = speedRatio;
        this.weight = weight;
    }

    /** Picks a different regime, weighted; a switch always changes the operating point. */
    static Regime next(Regime current, SplittableRandom rng) {
        double total = 0;
        for (Regime r : values()) if (r != current) total += r.weight;
        double u = rng.nextDouble() * total;
        for (Regime r : values()) {
            if (r == current) continue;
            u -= r.weight;
            if (u <= 0) return r;
        }
        return current == PEAK ? NOMINAL : PEAK;
    }

    /** Weighted mean of n^k over regimes, used to normalise load-dependent wear rates. */
    static double meanPower(int k) {
        double s = 0, w = 0;
        for (Regime r : values()) {
            s += r.weight * Math.pow(r.speedRatio, k);
            w += r.weight;
        }
        return s / w;
    }
}
