/** A plant's real local training for federated rounds: LoRA fine-tuning of the shared transformer on its C-MAPSS engines. */
package io.pdm.federated.training;
