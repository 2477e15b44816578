package io.pdm.federated.aggregate;

/**
 * FedProx (Li et al. 2020) is a client-side change: each plant minimises its loss plus (μ/2)·‖w − w_global‖²,
 * which keeps heterogeneous plants from drifting far from the global adapter during local epochs. The plant
 * trainer adds {@link #proximalGradient} to its loss gradient each step; the server aggregates as usual.
 */
public final class FedProx {

    private FedProx() {
    }

    /** ∇ of (μ/2)·‖w − w_global‖², i.e. μ·(w − w_global). */
    public static float[] proximalGradient(float[] local, float[] global, float mu) {
        requireCompatible(local, global, mu);
        float[] gradient = new float[local.length];
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] = mu * (local[i] - global[i]);
        }
        return gradient;
    }

    /** The loss gradient with the proximal term added: g + μ·(w − w_global). */
    public static float[] addProximalTerm(float[] lossGradient, float[] local, float[] global, float mu) {
        float[] proximal = proximalGradient(local, global, mu);
        if (lossGradient.length != proximal.length) {
            throw new IllegalArgumentException("gradient has " + lossGradient.length + " entries, weights " + proximal.length);
        }
        for (int i = 0; i < proximal.length; i++) {
            proximal[i] += lossGradient[i];
        }
        return proximal;
    }

    /** The penalty (μ/2)·‖w − w_global‖² itself, for logging the regularised loss. */
    public static double proximalPenalty(float[] local, float[] global, float mu) {
        requireCompatible(local, global, mu);
        double squaredDistance = 0;
        for (int i = 0; i < local.length; i++) {
            double diff = (double) local[i] - global[i];
            squaredDistance += diff * diff;
        }
        return 0.5 * mu * squaredDistance;
    }

    private static void requireCompatible(float[] local, float[] global, float mu) {
        if (local.length != global.length) {
            throw new IllegalArgumentException("local has " + local.length + " parameters, global " + global.length);
        }
        if (!(mu >= 0)) {
            throw new IllegalArgumentException("mu must be >= 0, was " + mu);
        }
    }
}
