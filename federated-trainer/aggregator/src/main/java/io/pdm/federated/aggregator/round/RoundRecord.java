package io.pdm.federated.aggregator.round;

import io.pdm.federated.protocol.RoundAnnouncement;
import java.time.Instant;
import java.util.List;

/**
 * A round as stored: its announcement, where it stands and how it ended.
 *
 * @param outcome          why it failed or was aborted; null otherwise
 * @param droppedPlants    invited plants without a delta when it closed (stragglers)
 * @param publishedVersion the adapter version it produced, when PUBLISHED
 */
public record RoundRecord(
        RoundAnnouncement announcement,
        RoundStatus status,
        Instant openedAt,
        Instant closedAt,
        String outcome,
        List<String> droppedPlants,
        Long publishedVersion) {

    public RoundRecord {
        droppedPlants = List.copyOf(droppedPlants);
    }

    public long round() {
        return announcement.round();
    }

    public io.pdm.federated.protocol.RoundState toState() {
        return new io.pdm.federated.protocol.RoundState(
                round(),
                announcement.baseVersion(),
                status.name(),
                announcement.deadline(),
                outcome,
                droppedPlants,
                publishedVersion);
    }
}
