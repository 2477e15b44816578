package io.pdm.federated.aggregator.round;

import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.PublishedAdapter;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.training.CmapssLoraTraining;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.util.Objects;

/**
 * FLTrust's server update: the aggregator runs one round of the same local work as a plant on its trusted data
 * ({@link CmapssLoraTraining#rootData}) from the round's global version.
 */
public record RootDataReference(CmapssLoraTraining root) implements ReferenceUpdate {

    public RootDataReference {
        Objects.requireNonNull(root, "root");
    }

    @Override
    public TensorDict delta(PublishedAdapter global, RoundAnnouncement round) {
        PeftAdapter start = AdapterArithmetic.toPeftAdapter(global);
        TensorDict trained = root.train(start.weights(), round).adapter();
        return AdapterArithmetic.peftNamed(trained.minus(start.weights()));
    }
}
