package io.pdm.alerting.service.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.NotificationKind;
import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.alerting.AlertJson;
import io.pdm.schemas.alerting.MaintenanceEventData;
import io.pdm.schemas.alerting.SeverityBand;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which maintenance events tell whom, and what the notification carries. */
class EventNotificationsTest {
    static final Instant AT = Instant.parse("2026-12-05T08:30:00Z");
    static final NotifySettings INBOX =
            new NotifySettings(null, null, null, URI.create("https://inbox.plant-a.example/pdm/"));
    final EventNotifications mapping = new EventNotifications(INBOX::link);

    static CloudEvent event(String type, int severity, String escalatedTo, boolean extraField) {
        AlertFacts facts = new AlertFacts(
                "cand-1",
                AT,
                "pump-7: bearing wear, about 96 h of life left",
                "Bearing wear on pump-7: vibration 7.4 mm/s (zone C).",
                new AlertFacts.RemainingLife(96, 60, 130, 0.9, "HOUR"),
                "DEGRADING",
                null,
                List.of("WO-1041"),
                null,
                null,
                "template",
                true);
        MaintenanceEventData data = new MaintenanceEventData(
                new MaintenanceEventData.Transition(
                        type, 3, "system:pdm-alerting", AT, escalatedTo == null ? null : "unacknowledged", escalatedTo),
                new MaintenanceEventData.Alert(
                        "0123456789abcdef",
                        1,
                        "plant-a",
                        "pump-7",
                        "pump-set",
                        "REMAINING_LIFE_LOW",
                        "bearing-wear",
                        "ACTIVE_UNACKNOWLEDGED",
                        true,
                        false,
                        false,
                        false,
                        false,
                        false,
                        false,
                        false,
                        List.of(),
                        severity,
                        SeverityBand.of(Math.max(1, Math.min(1000, severity))),
                        AT,
                        facts),
                null);
        ObjectNode tree = AlertJson.mapper().valueToTree(data);
        if (extraField) ((ObjectNode) tree.get("alert")).put("aFieldOfANewerWriter", 42);
        return CloudEventBuilder.v1()
                .withId("0123456789abcdef-1-3")
                .withSource(URI.create("/pdm/plants/plant-a/alerting"))
                .withType("io.pdm.alert." + type)
                .withSubject("pump-7")
                .withTime(AT.atOffset(ZoneOffset.UTC))
                .withData(JsonCloudEventData.wrap(tree))
                .build();
    }

    @Test
    void aRaisedAlertTellsEveryoneWhosePreferencesMatchWithTheEventIdAsKey() {
        Notification n = mapping.of(event("raised", 700, null, false)).orElseThrow();
        assertThat(n.idempotencyKey()).isEqualTo("0123456789abcdef-1-3");
        assertThat(n.kind()).isEqualTo(NotificationKind.RAISED);
        assertThat(n.recipients()).as("everyone whose preferences match").isEmpty();
        assertThat(n.plant()).isEqualTo("plant-a");
        assertThat(n.asset()).isEqualTo("pump-7");
        assertThat(n.severity()).isEqualTo(700);
        assertThat(n.title()).isEqualTo("pump-7: bearing wear, about 96 h of life left");
        assertThat(n.body())
                .startsWith("Bearing wear on pump-7: vibration 7.4 mm/s (zone C).")
                .contains("Remaining life: 96 hour (90 % interval 60–130)")
                .contains("Alert: 0123456789abcdef #1");
        assertThat(n.link()).hasToString("https://inbox.plant-a.example/pdm/alerts/0123456789abcdef");
        assertThat(n.occurredAt()).isEqualTo(AT);
    }

    @Test
    void anUpdateTellsTheSamePeopleThatItIsStillActive() {
        Notification n = mapping.of(event("updated", 900, null, false)).orElseThrow();
        assertThat(n.kind()).isEqualTo(NotificationKind.UPDATED);
        assertThat(n.title()).startsWith("Still active, unacknowledged: pump-7");
        assertThat(n.recipients()).isEmpty();
    }

    @Test
    void anEscalationGoesToTheNamedPersonOnly() {
        Notification n = mapping.of(event("escalated", 500, "carol", false)).orElseThrow();
        assertThat(n.kind()).isEqualTo(NotificationKind.ESCALATED);
        assertThat(n.recipients()).containsExactly("carol");
        assertThat(n.title()).startsWith("Escalated to you, unacknowledged: ");
    }

    @Test
    void otherTransitionsTellNobody() {
        for (String type : List.of(
                "cleared",
                "closed",
                "acknowledged",
                "confirmed",
                "shelved",
                "unshelved",
                "resolved",
                "commented",
                "work-requested",
                "suppressed",
                "unsuppressed",
                "chattering")) {
            assertThat(EventNotifications.notifies("io.pdm.alert." + type))
                    .as(type)
                    .isFalse();
            assertThat(mapping.of(event(type, 700, null, false))).as(type).isEmpty();
        }
    }

    @Test
    void aNewerWritersExtraFieldIsIgnoredAndWithoutAnInboxThereIsNoLink() {
        Notification n = new EventNotifications(NotifySettings.OFF::link)
                .of(event("raised", 700, null, true))
                .orElseThrow();
        assertThat(n.link()).isNull();
    }

    @Test
    void aNotifyingEventWithoutWhatANotificationNeedsIsMalformed() {
        assertThatThrownBy(() -> mapping.of(event("escalated", 500, null, false)))
                .isInstanceOf(EventNotifications.MalformedEventException.class)
                .hasMessageContaining("0123456789abcdef-1-3")
                .hasMessageContaining("names nobody");
        assertThatThrownBy(() -> mapping.of(event("raised", 0, null, false)))
                .isInstanceOf(EventNotifications.MalformedEventException.class)
                .hasMessageContaining("severity must be 1–1000");
        CloudEvent noData = CloudEventBuilder.v1()
                .withId("x-1-1")
                .withSource(URI.create("/pdm/plants/plant-a/alerting"))
                .withType("io.pdm.alert.raised")
                .build();
        assertThatThrownBy(() -> mapping.of(noData)).hasMessage("event x-1-1: no data");
    }
}
