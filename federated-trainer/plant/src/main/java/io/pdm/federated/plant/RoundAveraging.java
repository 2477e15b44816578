package io.pdm.federated.plant;

import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.util.List;

/**
 * Stochastic weight averaging over rounds (Izmailov et al. 2018, applied to the federation's published versions):
 * the plant serves the mean of the last K global adapters rather than the newest alone. The last rounds' versions
 * scatter around the optimum with each round's sampling noise (every plant draws other batches each round), and
 * their mean is closer to it than any one of them. It costs no traffic: a plant that takes part fetches every
 * version anyway, as the base of the next round, and keeps them in its {@link AdapterStore}. Federated training
 * itself continues from the newest version; only what the plant serves (and adapts locally) changes.
 */
public final class RoundAveraging {

    private RoundAveraging() {}

    /**
     * The versions {@code max(1, v − k + 1) .. v} the plant averages for version {@code v} (version 0, the seed, alone
     * when v = 0): the seed is the untrained adapter and would only pull the mean back towards the base.
     */
    public static List<Long> versions(long latest, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, was " + k);
        }
        if (latest < 0) {
            throw new IllegalArgumentException("version must be >= 0, was " + latest);
        }
        long first = latest == 0 ? 0 : Math.max(1, latest - k + 1);
        return java.util.stream.LongStream.rangeClosed(first, latest).boxed().toList();
    }

    /** The element-wise mean of the adapters' weights, with the newest adapter's configuration. */
    public static PeftAdapter mean(List<PeftAdapter> adapters) {
        if (adapters.isEmpty()) {
            throw new IllegalArgumentException("nothing to average");
        }
        PeftAdapter newest = adapters.get(adapters.size() - 1);
        if (adapters.size() == 1) {
            return newest;
        }
        double[] weights = new double[adapters.size()];
        java.util.Arrays.fill(weights, 1.0 / adapters.size());
        List<TensorDict> dicts = adapters.stream().map(PeftAdapter::weights).toList();
        return new PeftAdapter(newest.config(), TensorDict.weightedSum(dicts, weights));
    }
}
