/**
 * Combining plants' adapter deltas: {@link io.pdm.federated.rules.AggregationRule} (FedAvg and the Byzantine-robust
 * trimmed mean, median, Krum, norm-bounded and filtered means, FLTrust), {@link io.pdm.federated.rules.ServerOptimizer}
 * (server SGD, FedAvgM, FedAdam, FedYogi) turning the aggregate into the next global adapter, and
 * {@link io.pdm.federated.rules.StrategyRegistry}, the one place a rule or optimiser is named. Pure functions on flat
 * float vectors.
 */
package io.pdm.federated.rules;
