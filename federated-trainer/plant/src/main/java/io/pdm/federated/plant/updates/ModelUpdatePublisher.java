package io.pdm.federated.plant.updates;

import io.pdm.schemas.kafka.ModelUpdate;

/** Tells the plant's services that a new global adapter version is current. */
public interface ModelUpdatePublisher extends AutoCloseable {

    ModelUpdatePublisher NONE = update -> {};

    void publish(ModelUpdate update);

    @Override
    default void close() {}
}
