package io.pdm.federated.training;

import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.model.tensor.TensorDict;

/** Local training that can also start from one adapter while a proximal term pulls it towards another. */
public interface ProximalTraining extends LocalTraining {

    /**
     * One round of local work from {@code start}, minimising the loss plus (μ/2)·‖w − reference‖².
     *
     * @param start     the adapter weights to continue from, in the round's adapter layout
     * @param reference the weights the proximal term pulls towards, same layout
     */
    Result trainTowards(TensorDict start, TensorDict reference, RoundAnnouncement round, float mu);
}
