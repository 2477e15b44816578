package io.pdm.federated.dp;

import java.util.ArrayList;
import java.util.List;

/** The Rényi orders α at which privacy loss is tracked; ε is the minimum over them after conversion. */
public record RdpOrders(List<Double> values) {

    /** Opacus' {@code DEFAULT_ALPHAS} (also TF Privacy's tutorials): 1.1, 1.2, …, 10.9, then 12, 13, …, 63. */
    public static final RdpOrders OPACUS_DEFAULT = new RdpOrders(opacusDefault());

    /** {@link #OPACUS_DEFAULT} plus 128, 256, 512, which tighten ε when it is small (many rounds, large σ). */
    public static final RdpOrders EXTENDED = new RdpOrders(extended());

    public RdpOrders {
        values = List.copyOf(values);
        if (values.isEmpty() || values.stream().anyMatch(alpha -> !(alpha > 1) || alpha.isInfinite())) {
            throw new IllegalArgumentException("orders must be finite and > 1: " + values);
        }
    }

    public int size() {
        return values.size();
    }

    public double get(int index) {
        return values.get(index);
    }

    private static List<Double> opacusDefault() {
        List<Double> orders = new ArrayList<>();
        for (int x = 1; x < 100; x++) {
            orders.add(1 + x / 10.0);
        }
        for (int alpha = 12; alpha < 64; alpha++) {
            orders.add((double) alpha);
        }
        return orders;
    }

    private static List<Double> extended() {
        List<Double> orders = new ArrayList<>(opacusDefault());
        orders.addAll(List.of(128.0, 256.0, 512.0));
        return orders;
    }
}
