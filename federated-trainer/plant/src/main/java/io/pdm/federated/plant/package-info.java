/**
 * A plant's side: {@link io.pdm.federated.plant.FederatedClient} (one round at a time, client-side DP, plain or
 * secure upload), {@link io.pdm.federated.plant.PlantTrainer} (unattended polling), the on-disk
 * {@link io.pdm.federated.plant.AdapterStore} and the {@link io.pdm.federated.plant.CurrentAdapterEndpoint} for the
 * plant's inference service. Local training is plugged in through {@link io.pdm.federated.training.LocalTraining}.
 */
package io.pdm.federated.plant;
