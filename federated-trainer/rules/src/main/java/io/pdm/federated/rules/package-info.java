/**
 * Combining plants' adapter deltas: {@link io.pdm.federated.rules.AggregationRule} (FedAvg and the Byzantine-robust
 * trimmed mean, median and Krum/Multi-Krum), {@link io.pdm.federated.rules.ServerOptimizer} (server SGD, FedAvgM,
 * FedAdam, FedYogi) turning the aggregate into the next global adapter, and the client-side
 * proximal term ({@link io.pdm.federated.training.FedProx}, applied in local training). Pure functions on flat float vectors.
 */
package io.pdm.federated.rules;
