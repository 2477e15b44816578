package io.pdm.schemas.kafka;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Value of {@code pdm.{plant}.model-updates.v1} (schema {@code json/federated/model-update.schema.json}): a new
 * global adapter version is stored on the plant and inference may hot-swap to it.
 *
 * @param adapterDirectory the PEFT directory holding the version on the plant's disk
 * @param round            the round that produced it; null for the seed version
 * @param baseModelSha256  the base model the adapter belongs to, when the plant knows it; inference refuses an
 *                         adapter announced for another base
 * @param assetType        the asset type whose base model the adapter adapts, when the base records one
 */
public record ModelUpdate(
        String plant,
        long version,
        Long round,
        String adapterDirectory,
        String weightsSha256,
        List<String> contributingPlants,
        Instant publishedAt,
        String baseModelSha256,
        String assetType) {

    public ModelUpdate {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(adapterDirectory, "adapterDirectory");
        contributingPlants = List.copyOf(contributingPlants);
    }

    /** An announcement without base model and asset type (revision 1 of the contract). */
    public ModelUpdate(
            String plant,
            long version,
            Long round,
            String adapterDirectory,
            String weightsSha256,
            List<String> contributingPlants,
            Instant publishedAt) {
        this(plant, version, round, adapterDirectory, weightsSha256, contributingPlants, publishedAt, null, null);
    }
}
