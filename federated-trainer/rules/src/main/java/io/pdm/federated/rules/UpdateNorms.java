package io.pdm.federated.rules;

import io.pdm.federated.dp.GaussianDeltaMechanism;
import java.util.Arrays;
import java.util.List;

/** The L2 norms of a round's updates and their median, which the norm-based rules measure against. */
record UpdateNorms(double[] norms, double median) {

    static UpdateNorms of(List<ClientUpdate> updates) {
        return of(updates.stream()
                .mapToDouble(update -> GaussianDeltaMechanism.l2Norm(update.deltaView()))
                .toArray());
    }

    static UpdateNorms of(double[] norms) {
        double[] sorted = norms.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return new UpdateNorms(
                norms, sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
    }
}
