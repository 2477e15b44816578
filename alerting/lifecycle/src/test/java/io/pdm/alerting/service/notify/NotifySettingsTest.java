package io.pdm.alerting.service.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.notify.channel.SmtpSettings;
import io.pdm.alerting.notify.prefs.NotificationPreferences;
import io.pdm.alerting.notify.prefs.PreferencesFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notification settings, and where the lifecycle's escalation list comes from. */
class NotifySettingsTest {
    static final Path FILE = Path.of("notifications.yaml");

    @TempDir
    Path dir;

    static NotificationPreferences prefs() throws Exception {
        return PreferencesFile.parse("""
                users:
                  - {name: alice, email: alice@plant-a.example, plants: [plant-a]}
                  - {name: bob, email: bob@plant-a.example, plants: [plant-a]}
                escalation:
                  plant-a: [alice, bob]
                """, "notifications.yaml", true);
    }

    @Test
    void withoutAPreferencesFileNotificationsAreOff() {
        assertThat(NotifySettings.OFF.enabled()).isFalse();
        assertThat(NotifySettings.OFF.webhookTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(NotifySettings.OFF.link("abc")).isNull();
    }

    @Test
    void theInboxLinkIsTheAlertsPageWithOrWithoutATrailingSlash() {
        assertThat(NotifySettings.OFF
                        .withInboxUrl(URI.create("http://inbox:8080"))
                        .link("fp1"))
                .hasToString("http://inbox:8080/alerts/fp1");
        assertThat(NotifySettings.OFF
                        .withInboxUrl(URI.create("https://x.example/pdm/"))
                        .link("fp1"))
                .hasToString("https://x.example/pdm/alerts/fp1");
        assertThatThrownBy(() -> NotifySettings.OFF.withInboxUrl(URI.create("inbox/alerts")))
                .hasMessageContaining("absolute http(s) URL");
    }

    @Test
    void theSmtpPasswordComesFromItsFileAndNeverShowsInToString() throws Exception {
        Path secret = Files.writeString(dir.resolve("smtp-password"), "s3cret\n");
        NotifySettings.Smtp smtp = new NotifySettings.Smtp(
                "smtp.plant-a.example", 587, null, "pdm", secret, "pdm <alerts@plant-a.example>", null);
        SmtpSettings resolved = smtp.settings();
        assertThat(resolved.password()).isEqualTo("s3cret");
        assertThat(resolved.security()).as("default").isEqualTo(SmtpSettings.Security.STARTTLS);
        assertThat(smtp.toString()).doesNotContain("s3cret").contains("smtp.plant-a.example:587");
        assertThatThrownBy(() -> new NotifySettings.Smtp("h", 25, null, "pdm", null, "a@b.example", null))
                .hasMessage("SMTP user and password file go together");
        assertThatThrownBy(() -> new NotifySettings.Smtp("h", 25, null, null, null, null, null))
                .hasMessageContaining("sender address");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> new NotifySettings.Smtp("h", 25, null, "pdm", empty, "a@b.example", null).settings())
                .hasMessageContaining("is empty");
        assertThatThrownBy(
                        () -> new NotifySettings.Smtp("h", 25, null, "pdm", dir.resolve("missing"), "a@b.example", null)
                                .settings())
                .hasMessageContaining("SMTP password file " + dir.resolve("missing") + " cannot be read");
    }

    @Test
    void theLifecycleTakesThePlantsListFromThePreferencesWhenItHasNone() throws Exception {
        LifecycleSettings merged = NotificationService.escalation("plant-a", LifecycleSettings.DEFAULTS, prefs(), FILE);
        assertThat(merged.escalation()).containsExactly("alice", "bob");
        assertThat(merged.escalateAfter()).isEqualTo(LifecycleSettings.DEFAULTS.escalateAfter());
        assertThat(NotificationService.escalation("plant-b", LifecycleSettings.DEFAULTS, prefs(), FILE)
                        .escalation())
                .as("no list for the plant")
                .isEmpty();
        LifecycleSettings same =
                LifecycleSettings.DEFAULTS.withEscalation(Duration.ofMinutes(5), List.of("alice", "bob"));
        assertThat(NotificationService.escalation("plant-a", same, prefs(), FILE))
                .isEqualTo(same);
    }

    @Test
    void twoDifferentListsOrAnUnknownPersonAreRefused() throws Exception {
        LifecycleSettings other = LifecycleSettings.DEFAULTS.withEscalation(Duration.ofMinutes(5), List.of("bob"));
        assertThatThrownBy(() -> NotificationService.escalation("plant-a", other, prefs(), FILE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("given twice and differs: [bob] (--escalation, PDM_ALERTING_ESCALATION) and"
                        + " [alice, bob] (notifications.yaml#/escalation/plant-a)");
        LifecycleSettings nobody =
                LifecycleSettings.DEFAULTS.withEscalation(Duration.ofMinutes(5), List.of("shift-lead"));
        assertThatThrownBy(() -> NotificationService.escalation("plant-b", nobody, prefs(), FILE))
                .hasMessage("escalation list of plant-b: 'shift-lead' is not a user of notifications.yaml (known:"
                        + " [alice, bob])");
    }
}
