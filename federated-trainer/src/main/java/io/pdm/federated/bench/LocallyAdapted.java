package io.pdm.federated.bench;

import io.pdm.federated.cmapss.CmapssLoraTraining;
import io.pdm.federated.plant.LocalTraining;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;

/**
 * FedAvg with local adaptation (Yu et al. 2020, "Salvaging Federated Learning by Local Adaptation"): the plant takes
 * part in rounds as usual, but serves the final global adapter after one more round of local work on its own data,
 * which never leaves the plant. The extra round is computed when the served adapter is asked for, once per
 * evaluation in the bench.
 *
 * @param adaptationRound the round number that seeds the extra local work (one past the federation's last round)
 */
record LocallyAdapted(CmapssLoraTraining plant, long adaptationRound) implements LocalTraining {

    @Override
    public Result train(TensorDict globalAdapter, RoundAnnouncement round) {
        return plant.train(globalAdapter, round);
    }

    @Override
    public PeftAdapter served(PeftAdapter global) {
        return new PeftAdapter(global.config(), plant.trainRound(global, adaptationRound).adapter());
    }
}
