/**
 * Secure aggregation (Bonawitz et al. 2017): the aggregator learns only the sum of the plants' quantised deltas.
 * {@link io.pdm.federated.secagg.SecAggClient} and {@link io.pdm.federated.secagg.SecAggServer} are state machines
 * exchanging {@link io.pdm.federated.secagg.SecAggMessage} records, so any transport can carry them.
 */
package io.pdm.federated.secagg;
