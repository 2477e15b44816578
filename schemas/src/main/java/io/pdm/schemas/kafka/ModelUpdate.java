package io.pdm.schemas.kafka;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Value of {@code pdm.{plant}.model-updates.v1} (schema {@code json/federated/model-update.schema.json}): a new
 * global adapter version is stored on the plant and inference may hot-swap to it.
 *
 * @param adapterDirectory the PEFT directory holding the version on the plant's disk; for an ensemble, member 0's
 *                         (a reader that knows no members serves that member alone)
 * @param weightsSha256    SHA-256 of the adapter's {@code adapter_model.safetensors}; for an ensemble, member 0's
 * @param round            the round that produced it; null for the seed version
 * @param baseModelSha256  the base model the adapter belongs to, when the plant knows it; inference refuses an
 *                         adapter announced for another base
 * @param assetType        the asset type whose base model the adapter adapts, when the base records one
 * @param members          the K adapters whose mean remaining life the version serves (an ensemble of federated
 *                         adapters on one base); empty for one adapter, which is then {@code adapterDirectory}
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
        String assetType,
        List<Member> members) {

    /**
     * One adapter of an ensemble version.
     *
     * @param adapterDirectory its PEFT directory on the plant's disk
     * @param weightsSha256    SHA-256 of its {@code adapter_model.safetensors}; inference refuses the version when
     *                         the file on disk has another
     * @param seed             the seed its federation ran with, when known (for the record only)
     */
    public record Member(String adapterDirectory, String weightsSha256, Long seed) {
        public Member {
            Objects.requireNonNull(adapterDirectory, "adapterDirectory");
            Objects.requireNonNull(weightsSha256, "weightsSha256");
        }
    }

    public ModelUpdate {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(adapterDirectory, "adapterDirectory");
        contributingPlants = List.copyOf(contributingPlants);
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** A single-adapter announcement (revision 2 of the contract: base model and asset type, no members). */
    public ModelUpdate(
            String plant,
            long version,
            Long round,
            String adapterDirectory,
            String weightsSha256,
            List<String> contributingPlants,
            Instant publishedAt,
            String baseModelSha256,
            String assetType) {
        this(
                plant,
                version,
                round,
                adapterDirectory,
                weightsSha256,
                contributingPlants,
                publishedAt,
                baseModelSha256,
                assetType,
                List.of());
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

    /**
     * An ensemble version of K ≥ 1 members; {@code adapterDirectory} and {@code weightsSha256} repeat member 0's, so
     * a reader that predates members still serves a real adapter of the version.
     */
    public static ModelUpdate ensemble(
            String plant,
            long version,
            Long round,
            List<Member> members,
            List<String> contributingPlants,
            Instant publishedAt,
            String baseModelSha256,
            String assetType) {
        if (members.isEmpty()) throw new IllegalArgumentException("an ensemble version needs at least one member");
        Member first = members.get(0);
        return new ModelUpdate(
                plant,
                version,
                round,
                first.adapterDirectory(),
                first.weightsSha256(),
                contributingPlants,
                publishedAt,
                baseModelSha256,
                assetType,
                members);
    }

    /** How many adapters the version serves the mean of: its members, or 1. */
    public int k() {
        return Math.max(1, members.size());
    }
}
