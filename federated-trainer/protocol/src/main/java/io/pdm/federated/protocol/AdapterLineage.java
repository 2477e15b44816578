package io.pdm.federated.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Where a global adapter version came from (GET /fl/v1/adapters/{version}/lineage). Version 0 is the seed
 * adapter: no parent, no round.
 *
 * @param droppedPlants invited plants that did not contribute (stragglers and plants that never answered)
 * @param excludedPlants contributing plants whose delta the robust rule left out of this version (e.g. Krum's
 *                       rejected plants, the filtered mean's outliers); empty for FedAvg and secure rounds
 * @param privacy       per contributing plant, what it reported about clipping and noise
 */
public record AdapterLineage(
        long version,
        Long parentVersion,
        Long round,
        String baseModelHash,
        List<String> contributingPlants,
        List<String> droppedPlants,
        List<String> excludedPlants,
        StrategySpec strategy,
        AggregationMode mode,
        List<PlantPrivacy> privacy,
        Instant publishedAt) {

    public AdapterLineage {
        contributingPlants = List.copyOf(contributingPlants);
        droppedPlants = List.copyOf(droppedPlants);
        // Versions published before the field existed have none.
        excludedPlants = excludedPlants == null ? List.of() : List.copyOf(excludedPlants);
        privacy = List.copyOf(privacy);
    }

    public static AdapterLineage seed(String baseModelHash, Instant publishedAt) {
        return new AdapterLineage(
                0, null, null, baseModelHash, List.of(), List.of(), List.of(), null, null, List.of(), publishedAt);
    }
}
