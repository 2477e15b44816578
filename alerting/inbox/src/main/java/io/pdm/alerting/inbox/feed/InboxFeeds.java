package io.pdm.alerting.inbox.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.schemas.Topics;
import io.pdm.schemas.alerting.AlertJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The inbox's two Kafka feeds for a list of plants: the compacted alert-state topics into the {@link AlertBoard}
 * (tombstones remove), and the maintenance-event topics into the {@link EventLog}.
 */
public final class InboxFeeds implements AutoCloseable {
    private final TopicFollower states;
    private final TopicFollower events;

    private InboxFeeds(TopicFollower states, TopicFollower events) {
        this.states = states;
        this.events = events;
    }

    public static InboxFeeds start(Properties kafka, List<String> plants, AlertBoard board, EventLog log) {
        Map<String, String> stateTopics = new HashMap<>();
        Map<String, String> eventTopics = new HashMap<>();
        for (String plant : plants) {
            stateTopics.put(Topics.alertsState(plant), plant);
            eventTopics.put(Topics.maintenanceEvents(plant), plant);
        }
        TopicFollower s = TopicFollower.start(
                "pdm-inbox-states", kafka, List.copyOf(stateTopics.keySet()), r -> applyState(board, stateTopics, r));
        TopicFollower e = TopicFollower.start(
                "pdm-inbox-events", kafka, List.copyOf(eventTopics.keySet()), r -> log.add(event(eventTopics, r)));
        return new InboxFeeds(s, e);
    }

    static void applyState(AlertBoard board, Map<String, String> plants, ConsumerRecord<String, byte[]> r) {
        String plant = plants.get(r.topic());
        try {
            board.apply(plant, r.key(), r.value() == null ? null : AlertJson.state(r.value()));
        } catch (IOException e) {
            throw new UncheckedIOException("not an alert state: " + e.getMessage(), e);
        }
    }

    /** Reads the few fields the statistics need from a structured-mode CloudEvent. */
    static AlarmEvent event(Map<String, String> plants, ConsumerRecord<String, byte[]> r) {
        try {
            JsonNode e = AlertJson.mapper().readTree(r.value());
            String type = e.path("type").asText("");
            String prefix = "io.pdm.alert.";
            JsonNode alert = e.path("data").path("alert");
            return new AlarmEvent(
                    plants.get(r.topic()),
                    type.startsWith(prefix) ? type.substring(prefix.length()) : type,
                    alert.path("fingerprint").asText(null),
                    e.path("subject").asText(null),
                    alert.path("kind").asText(null),
                    alert.path("failureMode").asText(null),
                    e.hasNonNull("time")
                            ? OffsetDateTime.parse(e.get("time").asText()).toInstant()
                            : null);
        } catch (IOException e) {
            throw new UncheckedIOException("not a maintenance event: " + e.getMessage(), e);
        }
    }

    /** True once both feeds have read what was on their topics at start. */
    public boolean caughtUp() {
        return states.caughtUp() && events.caughtUp();
    }

    @Override
    public void close() {
        states.close();
        events.close();
    }
}
