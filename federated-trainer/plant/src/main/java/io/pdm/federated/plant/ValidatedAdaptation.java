package io.pdm.federated.plant;

import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.training.AdaptableTraining;
import io.pdm.federated.training.LocalTraining;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FedAvg with local adaptation (Yu et al. 2020, "Salvaging Federated Learning by Local Adaptation"), with the amount
 * of adaptation chosen on the plant's own held-out engines: the plant takes part in rounds as usual, and for each
 * global version it serves the candidate among the global adapter and up to {@code maxRounds} further rounds of
 * local work on it with the lowest validation loss. A plant whose data the federation serves well keeps the global
 * adapter; one it serves badly adapts further. Nothing of the adaptation leaves the plant.
 *
 * <p>The choice is computed once per global version (by {@link FederatedClient#syncLatest()} when the version
 * arrives, before it is announced) and kept in memory; a restarted plant recomputes it.
 */
public final class ValidatedAdaptation implements LocalTraining {

    private static final Logger LOG = LoggerFactory.getLogger(ValidatedAdaptation.class);

    private final AdaptableTraining inner;
    private final int maxRounds;
    private final long firstRound;
    private TensorDict chosenFor;
    private Choice chosen;

    /** The served adapter for one global version: after how many local rounds, and the validation losses. */
    public record Choice(PeftAdapter adapter, int rounds, double validationLoss, double globalValidationLoss) {}

    /**
     * @param maxRounds  most rounds of local work tried on top of a global version
     * @param firstRound round number that seeds the first adaptation round's subsample (the next ones count up), so
     *                   adaptation draws other batches than the federated rounds
     */
    public ValidatedAdaptation(AdaptableTraining inner, int maxRounds, long firstRound) {
        if (maxRounds < 0) {
            throw new IllegalArgumentException("maxRounds must be >= 0, was " + maxRounds);
        }
        this.inner = Objects.requireNonNull(inner, "inner");
        this.maxRounds = maxRounds;
        this.firstRound = firstRound;
    }

    @Override
    public Result train(TensorDict globalAdapter, RoundAnnouncement round) {
        return inner.train(globalAdapter, round);
    }

    @Override
    public PeftAdapter served(PeftAdapter global) {
        return choose(global).adapter();
    }

    /** Adapts {@code global} round by round and keeps the candidate with the lowest validation loss. */
    public synchronized Choice choose(PeftAdapter global) {
        if (chosen != null && global.weights().equals(chosenFor)) {
            return chosen;
        }
        double globalLoss = inner.validationLoss(global);
        Choice best = new Choice(global, 0, globalLoss, globalLoss);
        PeftAdapter current = global;
        for (int k = 1; k <= maxRounds; k++) {
            current = inner.trainFrom(current, firstRound + k - 1);
            double loss = inner.validationLoss(current);
            if (loss < best.validationLoss()) {
                best = new Choice(current, k, loss, globalLoss);
            }
        }
        LOG.info(
                "serving the global adapter after {} of at most {} local rounds: validation loss {} (global {})",
                best.rounds(),
                maxRounds,
                best.validationLoss(),
                globalLoss);
        chosenFor = global.weights();
        chosen = best;
        return best;
    }

    @Override
    public boolean personalises() {
        return maxRounds > 0;
    }
}
