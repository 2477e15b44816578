package io.pdm.federated.dp;

/** Conversions from RDP at several orders to (ε, δ)-DP, taking the best order. */
public enum RdpConversion {

    /**
     * Balle et al. 2020, "Hypothesis Testing Interpretations and Rényi Differential Privacy", Theorem 21:
     * ε = rdp − (log δ + log α)/(α − 1) + log((α − 1)/α). What Opacus' {@code get_privacy_spent} uses; the default.
     */
    BALLE_2020 {
        @Override
        double epsilon(double rdp, double alpha, double delta) {
            return rdp - (Math.log(delta) + Math.log(alpha)) / (alpha - 1) + Math.log((alpha - 1) / alpha);
        }
    },

    /** Mironov 2017, Proposition 3: ε = rdp + log(1/δ)/(α − 1). Looser; what TF Privacy used before 2020. */
    MIRONOV_2017 {
        @Override
        double epsilon(double rdp, double alpha, double delta) {
            return rdp - Math.log(delta) / (alpha - 1);
        }
    };

    abstract double epsilon(double rdp, double alpha, double delta);

    /** The smallest ε over the orders (clamped at 0); NaN orders are skipped, +∞ if no order gives a finite ε. */
    public DpGuarantee toDp(RdpOrders orders, double[] rdp, double delta) {
        if (rdp.length != orders.size()) {
            throw new IllegalArgumentException(rdp.length + " RDP values for " + orders.size() + " orders");
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
        }
        double bestEpsilon = Double.POSITIVE_INFINITY;
        double bestOrder = Double.NaN;
        // RDP this small already implies (0, δ)-DP (dp_accounting's check); it makes "nothing spent" read ε = 0.
        double negligibleRdp = -Math.log1p(-delta * delta);
        for (int i = 0; i < rdp.length; i++) {
            double epsilon = rdp[i] <= negligibleRdp ? 0 : epsilon(rdp[i], orders.get(i), delta);
            if (epsilon < bestEpsilon) {
                bestEpsilon = epsilon;
                bestOrder = orders.get(i);
            }
        }
        return new DpGuarantee(Math.max(0, bestEpsilon), delta, bestOrder);
    }
}
