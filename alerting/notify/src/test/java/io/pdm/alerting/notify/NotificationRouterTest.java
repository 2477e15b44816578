package io.pdm.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.alerting.notify.Routing.Delivery;
import io.pdm.alerting.notify.Routing.Reason;
import io.pdm.alerting.notify.Routing.Skip;
import io.pdm.alerting.notify.prefs.NotificationPreferences;
import io.pdm.alerting.notify.prefs.PreferencesFile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routing rules on the README's example file (alice: plant-a, ≥ 400, quiet 22:00–06:30 Berlin letting critical
 * through, silent 30 min; bob: plant-a and plant-b, quiet 20:00–07:00 Chicago letting nothing through; ops-channel:
 * every plant ≥ 600 on three webhooks), with a fixed clock.
 */
class NotificationRouterTest {
    /** 12:00 UTC: 13:00 in Berlin, 06:00 in Chicago (bob's quiet hours). */
    static final Instant NOON = Instant.parse("2026-12-05T12:00:00Z");
    /** 14:00 UTC: 15:00 in Berlin, 08:00 in Chicago: nobody's quiet hours. */
    static final Instant AFTERNOON = Instant.parse("2026-12-05T14:00:00Z");

    static NotificationPreferences prefs;

    @BeforeAll
    static void load() throws Exception {
        prefs = PreferencesFile.load(Path.of(NotificationRouterTest.class
                .getResource("/preferences-example.yaml")
                .toURI()));
    }

    static Notification alert(String plant, int severity) {
        return Notification.of(
                "evt-1",
                plant,
                "pump-3",
                severity,
                NotificationKind.RAISED,
                "Bearing wear rising",
                "Vibration 7.1 mm/s",
                URI.create("https://inbox.example/alerts/1"),
                AFTERNOON);
    }

    static Routing route(Notification n, Instant now, NotificationHistory history) {
        return new NotificationRouter(prefs, Clock.fixed(now, ZoneOffset.UTC)).route(n, history);
    }

    static Routing route(Notification n, Instant now) {
        return route(n, now, new InMemoryNotificationHistory(10));
    }

    static List<String> told(Routing r) {
        return r.deliveries().stream()
                .map(d -> d.user() + ":" + d.target().name())
                .toList();
    }

    @Test
    void plantAndMinimumSeverityPickTheUsers() {
        assertThat(told(route(alert("plant-a", 450), AFTERNOON))).containsExactly("alice:email", "bob:email");
        assertThat(told(route(alert("plant-a", 650), AFTERNOON)))
                .containsExactly(
                        "alice:email",
                        "bob:email",
                        "ops-channel:ops-slack",
                        "ops-channel:ops-teams",
                        "ops-channel:cmms-bridge");
        Routing low = route(alert("plant-a", 300), AFTERNOON);
        assertThat(told(low)).containsExactly("bob:email");
        assertThat(low.skipped())
                .containsExactly(new Skip("alice", Reason.SEVERITY), new Skip("ops-channel", Reason.SEVERITY));
        Routing otherPlant = route(alert("plant-b", 300), AFTERNOON);
        assertThat(told(otherPlant)).containsExactly("bob:email");
        assertThat(otherPlant.skipped()).contains(new Skip("alice", Reason.PLANT));
    }

    @Test
    void quietHoursAreReadInTheUsersZoneAndSpanMidnight() {
        // 12:00 UTC is 06:00 in Chicago: bob's quiet hours (20:00–07:00) let nothing through, not even critical.
        Routing critical = route(alert("plant-a", 900), NOON);
        assertThat(critical.skipped()).containsExactly(new Skip("bob", Reason.QUIET_HOURS));
        // 22:30 UTC is 23:30 in Berlin: alice's quiet hours let critical through, not high.
        Instant lateBerlin = Instant.parse("2026-12-05T22:30:00Z");
        assertThat(told(route(alert("plant-a", 900), lateBerlin))).contains("alice:email");
        assertThat(route(alert("plant-a", 799), lateBerlin).skipped()).contains(new Skip("alice", Reason.QUIET_HOURS));
        // 05:29 UTC is 06:29 in Berlin (still quiet), 05:30 UTC is 06:30 (the end is exclusive).
        assertThat(route(alert("plant-a", 500), Instant.parse("2026-12-05T05:29:00Z"))
                        .skipped())
                .contains(new Skip("alice", Reason.QUIET_HOURS));
        assertThat(told(route(alert("plant-a", 500), Instant.parse("2026-12-05T05:30:00Z"))))
                .contains("alice:email");
    }

    @Test
    void silentPeriodHoldsBackTheSameAssetButNotAnotherOne() {
        NotificationHistory history = new InMemoryNotificationHistory(10);
        history.recordNotified("alice", "pump-3", AFTERNOON.minus(Duration.ofMinutes(29)));
        Routing again = route(alert("plant-a", 500), AFTERNOON, history);
        assertThat(again.skipped()).contains(new Skip("alice", Reason.SILENT_PERIOD));
        assertThat(told(again)).containsExactly("bob:email"); // bob has no silent period
        Notification otherAsset = new Notification(
                "evt-2", "plant-a", "pump-4", 500, null, NotificationKind.RAISED, "t", "", null, List.of(), AFTERNOON);
        assertThat(told(route(otherAsset, AFTERNOON, history))).contains("alice:email");
        // 30 minutes later the period is over.
        NotificationHistory older = new InMemoryNotificationHistory(10);
        older.recordNotified("alice", "pump-3", AFTERNOON.minus(Duration.ofMinutes(30)));
        assertThat(told(route(alert("plant-a", 500), AFTERNOON, older))).contains("alice:email");
    }

    @Test
    void aNamedRecipientSkipsPlantSeverityAndSilentPeriodButNotQuietHours() {
        NotificationHistory history = new InMemoryNotificationHistory(10);
        history.recordNotified("alice", "pump-3", AFTERNOON);
        Notification escalation = new Notification(
                "evt-9",
                "plant-c",
                "pump-3",
                250,
                null,
                NotificationKind.ESCALATED,
                "Unacknowledged for 15 min",
                "",
                null,
                List.of("alice"),
                AFTERNOON);
        Routing r = route(escalation, AFTERNOON, history);
        assertThat(r.deliveries()).containsExactly(new Delivery("alice", Target.email("alice@plant-a.example")));
        assertThat(r.skipped())
                .containsExactly(
                        new Skip("bob", Reason.NOT_A_RECIPIENT), new Skip("ops-channel", Reason.NOT_A_RECIPIENT));
        // bob named at 06:00 Chicago time: his quiet hours still hold.
        assertThat(route(escalation.to(List.of("bob")), NOON).skipped()).contains(new Skip("bob", Reason.QUIET_HOURS));
        assertThat(route(escalation.to(List.of("carol")), AFTERNOON).skipped())
                .contains(new Skip("carol", Reason.UNKNOWN_USER));
    }

    @Test
    void aTargetTwoUsersShareIsDeliveredOnce() throws Exception {
        NotificationPreferences shared = PreferencesFile.parse("""
                users:
                  - {name: a, plants: ["*"], webhooks: [{name: team, url: "https://hooks.example/t", format: slack}]}
                  - {name: b, plants: ["*"], email: b@x.example, webhooks: [{name: same, url: "https://hooks.example/t", format: slack}]}
                """, "shared.yaml", true);
        Routing r = new NotificationRouter(shared, Clock.fixed(AFTERNOON, ZoneOffset.UTC))
                .route(alert("plant-a", 500), new InMemoryNotificationHistory(10));
        assertThat(told(r)).containsExactly("a:team", "b:email");
    }

    @Test
    void bandsFollowTheSeverityRule() {
        assertThat(SeverityBand.of(1)).isEqualTo(SeverityBand.INFO);
        assertThat(SeverityBand.of(199)).isEqualTo(SeverityBand.INFO);
        assertThat(SeverityBand.of(200)).isEqualTo(SeverityBand.LOW);
        assertThat(SeverityBand.of(799)).isEqualTo(SeverityBand.HIGH);
        assertThat(SeverityBand.of(800)).isEqualTo(SeverityBand.CRITICAL);
        assertThat(SeverityBand.of(1000)).isEqualTo(SeverityBand.CRITICAL);
        assertThatThrownBy(() -> SeverityBand.of(0)).hasMessageContaining("1–1000");
        assertThatThrownBy(() -> new Notification(
                        "k",
                        "p",
                        "a",
                        500,
                        SeverityBand.LOW,
                        NotificationKind.RAISED,
                        "t",
                        "",
                        null,
                        List.of(),
                        AFTERNOON))
                .hasMessageContaining("does not match severity 500");
    }
}
