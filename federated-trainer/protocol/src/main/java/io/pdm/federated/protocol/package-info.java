/**
 * The /fl/v1 wire messages shared by the aggregator and the plants, each documented by a JSON Schema in
 * {@code schemas/src/main/resources/json/federated}, and their one JSON mapping {@link io.pdm.federated.protocol.FlJson}.
 * Tensors never travel as JSON: deltas and adapters are safetensors with PEFT tensor names.
 */
package io.pdm.federated.protocol;
