package io.pdm.alerting.service.notify;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.pdm.alerting.lifecycle.Transition;
import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.NotificationKind;
import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.alerting.MaintenanceEventData;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which maintenance events tell people, and what: the pure mapping from a CloudEvent of
 * {@code pdm.{plant}.maintenance-events.v1} to a {@link Notification} (no I/O).
 *
 * <ul>
 *   <li>{@code raised} (a new alert announced, or a cleared, unacknowledged one active again): {@code RAISED} to
 *       everyone whose preferences match (plant, minimum severity, quiet hours, silent period);</li>
 *   <li>{@code updated} (the band rose, or the re-notify interval passed while unacknowledged): {@code UPDATED} to the
 *       same people;</li>
 *   <li>{@code escalated}: {@code ESCALATED} to the person the event names ({@code escalatedTo}) only.</li>
 * </ul>
 *
 * Every other transition is left to the inbox and to maintenance systems: a person's own actions (acknowledge,
 * shelve, comment, …) need no mail, and ISA-18.2 does not annunciate returns to normal ({@code cleared},
 * {@code closed}), nor what is held back ({@code suppressed}, {@code chattering}); a held-back alert is announced by
 * its {@code raised} once nothing holds it. The idempotency key is the CloudEvent id, unique per event and the same
 * when a replay rebuilds it.
 */
public final class EventNotifications {
    private static final ObjectReader DATA = AlertJson.mapper()
            .readerFor(MaintenanceEventData.class)
            // a reader older than the writer must still tell people: new fields are ignored here
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Map<String, NotificationKind> KINDS = Map.of(
            Transition.RAISED.cloudEventType(), NotificationKind.RAISED,
            Transition.UPDATED.cloudEventType(), NotificationKind.UPDATED,
            Transition.ESCALATED.cloudEventType(), NotificationKind.ESCALATED);

    private final Function<String, URI> link;

    /** @param link the inbox page of a fingerprint, or null for none */
    public EventNotifications(Function<String, URI> link) {
        this.link = link;
    }

    /** Whether an event of this CloudEvents type tells people. */
    public static boolean notifies(String type) {
        return KINDS.containsKey(type);
    }

    /**
     * The notification an event makes; empty when its type tells nobody.
     *
     * @throws MalformedEventException when a notifying event lacks what a notification needs
     */
    public Optional<Notification> of(CloudEvent event) {
        NotificationKind kind = KINDS.get(event.getType());
        if (kind == null) return Optional.empty();
        MaintenanceEventData data = data(event);
        MaintenanceEventData.Alert alert = data.alert();
        if (alert == null) throw new MalformedEventException(event.getId(), "no data.alert");
        MaintenanceEventData.Transition transition = data.transition();
        Instant at = transition != null && transition.at() != null
                ? transition.at()
                : event.getTime() == null ? null : event.getTime().toInstant();
        String asset = alert.asset() != null ? alert.asset() : event.getSubject();
        try {
            Notification n = Notification.of(
                    event.getId(),
                    alert.plant(),
                    asset,
                    alert.severity(),
                    kind,
                    title(kind, alert, transition),
                    body(kind, alert, transition),
                    alert.fingerprint() == null || link == null ? null : link.apply(alert.fingerprint()),
                    at);
            if (kind == NotificationKind.ESCALATED) {
                String to = transition == null ? null : transition.escalatedTo();
                if (to == null || to.isBlank()) {
                    throw new MalformedEventException(event.getId(), "an escalation names nobody (escalatedTo)");
                }
                n = n.to(List.of(to));
            }
            return Optional.of(n);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedEventException(event.getId(), e.getMessage());
        }
    }

    private static MaintenanceEventData data(CloudEvent event) {
        CloudEventData data = event.getData();
        if (data == null) throw new MalformedEventException(event.getId(), "no data");
        try {
            return DATA.readValue(data.toBytes());
        } catch (IOException e) {
            throw new MalformedEventException(
                    event.getId(), "data is not maintenance-event-data/v1: " + e.getMessage());
        }
    }

    static String title(NotificationKind kind, MaintenanceEventData.Alert alert, MaintenanceEventData.Transition t) {
        AlertFacts facts = alert.facts();
        String what = facts != null && facts.title() != null && !facts.title().isBlank()
                ? facts.title()
                : alert.asset() + ": " + words(alert.kind())
                        + (alert.failureMode() == null ? "" : " (" + alert.failureMode() + ")");
        return switch (kind) {
            case ESCALATED -> "Escalated to you, unacknowledged: " + what;
            case UPDATED -> "Still active, unacknowledged: " + what;
            default -> what;
        };
    }

    static String body(NotificationKind kind, MaintenanceEventData.Alert alert, MaintenanceEventData.Transition t) {
        StringBuilder b = new StringBuilder();
        AlertFacts facts = alert.facts();
        if (facts != null && facts.text() != null)
            b.append(facts.text().strip()).append("\n\n");
        if (facts != null && facts.remainingLife() != null) {
            AlertFacts.RemainingLife r = facts.remainingLife();
            b.append(String.format(
                    Locale.ROOT,
                    "Remaining life: %.0f %s (%.0f %% interval %.0f–%.0f)%n",
                    r.predicted(),
                    r.unit() == null ? "" : r.unit().toLowerCase(Locale.ROOT),
                    r.coverage() * 100,
                    r.lower(),
                    r.upper()));
        }
        if (kind == NotificationKind.ESCALATED && t != null && t.text() != null) {
            b.append("Why you: ").append(t.text()).append('\n');
        }
        b.append("Alert: ").append(alert.fingerprint()).append(" #").append(alert.sequence());
        if (alert.raisedAt() != null) b.append(", raised ").append(alert.raisedAt());
        b.append(", state ").append(alert.state());
        return b.toString();
    }

    private static String words(String constant) {
        return constant == null ? "alert" : constant.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A notifying event that cannot become a notification. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String id, String detail) {
            super("event " + id + ": " + detail);
        }
    }
}
