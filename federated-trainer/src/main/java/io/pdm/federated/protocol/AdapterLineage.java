package io.pdm.federated.protocol;

import java.time.Instant;
import java.util.List;

/**
 * Where a global adapter version came from (GET /fl/v1/adapters/{version}/lineage). Version 0 is the seed
 * adapter: no parent, no round.
 *
 * @param droppedPlants invited plants that did not contribute (stragglers and plants that never answered)
 * @param privacy       per contributing plant, what it reported about clipping and noise
 */
public record AdapterLineage(long version, Long parentVersion, Long round, String baseModelHash,
                             List<String> contributingPlants, List<String> droppedPlants,
                             AggregationStrategy strategy, AggregationMode mode, List<PlantPrivacy> privacy,
                             Instant publishedAt) {

    public AdapterLineage {
        contributingPlants = List.copyOf(contributingPlants);
        droppedPlants = List.copyOf(droppedPlants);
        privacy = List.copyOf(privacy);
    }

    public static AdapterLineage seed(String baseModelHash, Instant publishedAt) {
        return new AdapterLineage(0, null, null, baseModelHash, List.of(), List.of(), null, null, List.of(), publishedAt);
    }
}
