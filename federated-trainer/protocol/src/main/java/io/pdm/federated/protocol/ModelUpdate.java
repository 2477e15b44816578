package io.pdm.federated.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Value of {@code pdm.{plant}.model-updates.v1} (schema {@code json/federated/model-update.schema.json}): a new
 * global adapter version is stored on the plant and inference may hot-swap to it.
 *
 * @param adapterDirectory the PEFT directory holding the version on the plant's disk
 * @param round            the round that produced it; null for the seed version
 */
public record ModelUpdate(
        String plant,
        long version,
        Long round,
        String adapterDirectory,
        String weightsSha256,
        List<String> contributingPlants,
        Instant publishedAt) {

    public ModelUpdate {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(adapterDirectory, "adapterDirectory");
        contributingPlants = List.copyOf(contributingPlants);
    }
}
