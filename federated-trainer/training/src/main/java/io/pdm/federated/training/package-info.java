/**
 * A plant's local work for federated rounds: LoRA fine-tuning of the shared transformer on its own lives (FedProx's
 * proximal term and per-example DP-SGD as options), and the aggregator's FLTrust work on trusted public data.
 */
package io.pdm.federated.training;
