package io.pdm.bench.federated;

import io.pdm.federated.plant.ClientSidePrivacy;
import io.pdm.federated.training.LocalTraining;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.lora.PeftAdapter;
import java.util.function.IntFunction;

/**
 * Who takes part and how: the version-0 adapter, each plant's training by index, client-side DP (null for
 * none) and the upload element type.
 */
record Federation(
        PeftAdapter seed, IntFunction<LocalTraining> training, ClientSidePrivacy privacy, SafetensorsDtype wire) {
    Federation withTraining(IntFunction<LocalTraining> other) {
        return new Federation(seed, other, privacy, wire);
    }

    Federation withPrivacy(ClientSidePrivacy other) {
        return new Federation(seed, training, other, wire);
    }
}
