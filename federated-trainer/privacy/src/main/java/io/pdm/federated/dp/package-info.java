/**
 * Differential privacy for plant deltas: clipping and Gaussian noise
 * ({@link io.pdm.federated.dp.GaussianDeltaMechanism}), Rényi-DP accounting of the sampled Gaussian mechanism
 * ({@link io.pdm.federated.dp.RdpAccountant}) and per-plant budgets ({@link io.pdm.federated.dp.PrivacyBudget}).
 */
package io.pdm.federated.dp;
