/** Announcing a plant's new current adapter version, on Kafka topic {@code pdm.{plant}.model-updates.v1}. */
package io.pdm.federated.plant.updates;
