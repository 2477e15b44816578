package io.pdm.federated.training;

import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;

/**
 * A plant's local fine-tuning of the global adapter for one round (the DJL trainer in production): how many
 * local steps or epochs it runs is its own configuration.
 */
@FunctionalInterface
public interface LocalTraining {

    /**
     * @param globalAdapter the global adapter's weights under the model's tensor names
     * @return the locally trained adapter, same layout, and how many examples it saw
     */
    Result train(TensorDict globalAdapter, RoundAnnouncement round);

    /** The adapter the plant serves for a global version: the global version itself unless training personalises. */
    default PeftAdapter served(PeftAdapter global) {
        return global;
    }

    /** Whether {@link #served} is the plant's own adapter rather than the global version itself. */
    default boolean personalises() {
        return false;
    }

    record Result(TensorDict adapter, long exampleCount) {
        public Result {
            java.util.Objects.requireNonNull(adapter, "adapter");
            if (exampleCount <= 0) {
                throw new IllegalArgumentException("exampleCount must be positive, was " + exampleCount);
            }
        }
    }
}
