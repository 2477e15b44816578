package io.pdm.alerting.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.pdm.alerting.lifecycle.Transition;
import io.pdm.schemas.alerting.AlertJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One line per maintenance event, for a person watching an integration ({@code pdm alerts tail}). */
public final class EventLines {
    private EventLines() {}

    /**
     * {@code 2026-12-05T08:00:00Z  raised          pump-7   HIGH 720  ACTIVE_UNACKNOWLEDGED  by system:pdm-alerting
     * "pump-7: bearing wear…"  [40beeff8a5e43da8-1-1]}
     */
    public static String line(CloudEvent e) {
        JsonNode data = data(e);
        JsonNode alert = data.path("alert"), transition = data.path("transition");
        String type = e.getType().startsWith(Transition.TYPE_PREFIX)
                ? e.getType().substring(Transition.TYPE_PREFIX.length())
                : e.getType();
        String extra = transition.hasNonNull("escalatedTo")
                ? " → " + transition.get("escalatedTo").asText()
                : transition.hasNonNull("text") ? " (" + transition.get("text").asText() + ")" : "";
        return String.format(
                "%s  %-15s %-10s %-8s %4d  %-22s by %s%s  \"%s\"  [%s]",
                e.getTime() == null ? "-" : e.getTime().toInstant(),
                type,
                e.getSubject(),
                alert.path("band").asText(),
                alert.path("severity").asInt(),
                alert.path("state").asText(),
                transition.path("by").asText(),
                extra,
                alert.path("facts").path("title").asText(),
                e.getId());
    }

    /** The event's data as JSON. */
    public static JsonNode data(CloudEvent e) {
        try {
            return e.getData() == null
                    ? AlertJson.mapper().createObjectNode()
                    : AlertJson.mapper().readTree(e.getData().toBytes());
        } catch (IOException ex) {
            throw new UncheckedIOException("event " + e.getId() + " has data that is not JSON", ex);
        }
    }
}
