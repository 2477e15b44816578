package io.pdm.federated.protocol;

import java.time.Instant;
import java.util.List;

/**
 * GET /fl/v1/rounds/{round}: where a round stands.
 *
 * @param status           OPEN, PUBLISHED, FAILED or ABORTED
 * @param outcome          why it failed or was aborted, else null
 * @param droppedPlants    invited plants that did not contribute (stragglers)
 * @param publishedVersion the adapter version it produced, when PUBLISHED
 */
public record RoundState(
        long round,
        long baseVersion,
        String status,
        Instant deadline,
        String outcome,
        List<String> droppedPlants,
        Long publishedVersion) {

    public RoundState {
        droppedPlants = List.copyOf(droppedPlants);
    }
}
