package io.pdm.federated.dp;

import java.util.Arrays;
import java.util.Objects;

/**
 * Immutable Rényi-DP ledger: the total RDP spent at each order. Composition adds RDP order by order; ε is
 * only computed on conversion, which is what makes RDP accounting tighter than composing (ε, δ) directly.
 */
public record RdpAccountant(RdpOrders orders, double[] rdp, RdpConversion conversion) {

    public RdpAccountant {
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(conversion, "conversion");
        rdp = rdp.clone();
        if (rdp.length != orders.size()) {
            throw new IllegalArgumentException(rdp.length + " RDP values for " + orders.size() + " orders");
        }
    }

    /** Nothing spent yet, {@link RdpOrders#EXTENDED} orders, Opacus' conversion. */
    public static RdpAccountant empty() {
        return empty(RdpOrders.EXTENDED, RdpConversion.BALLE_2020);
    }

    public static RdpAccountant empty(RdpOrders orders, RdpConversion conversion) {
        return new RdpAccountant(orders, new double[orders.size()], conversion);
    }

    @Override
    public double[] rdp() {
        return rdp.clone();
    }

    public RdpAccountant compose(SampledGaussianRound round) {
        double[] added = SampledGaussianRdp.rdp(round.samplingRate(), round.noiseMultiplier(), round.steps(), orders);
        for (int i = 0; i < added.length; i++) {
            added[i] += rdp[i];
        }
        return new RdpAccountant(orders, added, conversion);
    }

    public DpGuarantee guarantee(double delta) {
        return conversion.toDp(orders, rdp, delta);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RdpAccountant that
                && orders.equals(that.orders)
                && Arrays.equals(rdp, that.rdp)
                && conversion == that.conversion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(orders, Arrays.hashCode(rdp), conversion);
    }

    @Override
    public String toString() {
        return "RdpAccountant[orders=" + orders.size() + ", conversion=" + conversion + "]";
    }
}
