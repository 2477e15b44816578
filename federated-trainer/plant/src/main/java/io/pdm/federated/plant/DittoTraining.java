package io.pdm.federated.plant;

import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.training.LocalTraining;
import io.pdm.federated.training.ProximalTraining;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.util.Objects;

/**
 * Ditto (Li et al., ICML 2021, "Ditto: Fair and Robust Federated Learning Through Personalization"): each round the
 * plant trains the global adapter as in FedAvg and uploads that, and separately trains a personal adapter, from its
 * own previous state, on its own data with the proximal term (λ/2)·‖v − w_global‖² towards the round's global
 * adapter. It serves the personal adapter, which never leaves the plant. λ = 0 is local-only training; a large λ
 * gives the global model. Local compute doubles: two rounds of local work per round.
 *
 * <p>With a state file the personal adapter survives a restart of the plant (saved after every round); it is
 * dropped when the round's adapter layout no longer matches it.
 */
public final class DittoTraining implements LocalTraining {

    private final ProximalTraining inner;
    private final float lambda;
    private final TensorStateFile stateFile;
    private TensorDict personal;

    /** @param stateFile where the personal adapter is kept across restarts, or null to keep it in memory only */
    public DittoTraining(ProximalTraining inner, float lambda, TensorStateFile stateFile) {
        if (!(lambda >= 0) || Float.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, was " + lambda);
        }
        this.inner = Objects.requireNonNull(inner, "inner");
        this.lambda = lambda;
        this.stateFile = stateFile;
        this.personal = stateFile == null ? null : stateFile.read().orElse(null);
    }

    @Override
    public synchronized Result train(TensorDict globalAdapter, RoundAnnouncement round) {
        TensorDict start = personal != null && personal.sameLayout(globalAdapter) ? personal : globalAdapter;
        personal = inner.trainTowards(start, globalAdapter, round, lambda).adapter();
        if (stateFile != null) {
            stateFile.write(personal);
        }
        return inner.train(globalAdapter, round);
    }

    /** The personal adapter once the plant has trained one that fits the global layout, else the global adapter. */
    @Override
    public synchronized PeftAdapter served(PeftAdapter global) {
        return personal != null && personal.sameLayout(global.weights())
                ? new PeftAdapter(global.config(), personal)
                : global;
    }

    @Override
    public boolean personalises() {
        return true;
    }
}
