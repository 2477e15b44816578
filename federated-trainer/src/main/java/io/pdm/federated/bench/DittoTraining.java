package io.pdm.federated.bench;

import io.pdm.federated.cmapss.CmapssLoraTraining;
import io.pdm.federated.plant.LocalTraining;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;

/**
 * Ditto (Li et al., ICML 2021, "Ditto: Fair and Robust Federated Learning Through Personalization"): each round the
 * plant trains the global adapter as in FedAvg and uploads that, and separately trains a personal adapter, from its
 * own previous state, on its own data with the proximal term (λ/2)·‖v − w_global‖² towards the round's global
 * adapter. It serves the personal adapter. λ = 0 is local-only training; a large λ is the global model. The personal
 * adapter never leaves the plant.
 */
final class DittoTraining implements LocalTraining {

    private final CmapssLoraTraining plant;
    private final float lambda;
    private PeftAdapter personal;

    DittoTraining(CmapssLoraTraining plant, float lambda) {
        this.plant = plant;
        this.lambda = lambda;
    }

    @Override
    public Result train(TensorDict globalAdapter, RoundAnnouncement round) {
        PeftAdapter global = new PeftAdapter(round.adapterConfig(), globalAdapter);
        PeftAdapter start = personal == null ? global : personal;
        personal = new PeftAdapter(round.adapterConfig(), plant.trainRound(start, globalAdapter, round.round(),
                plant.work().withProximalMu(lambda)).adapter());
        return plant.train(globalAdapter, round);
    }

    /** The personal adapter once the plant has trained, else the global one. */
    @Override
    public PeftAdapter served(PeftAdapter global) {
        return personal == null ? global : personal;
    }
}
