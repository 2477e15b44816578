package io.pdm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.pdm.alerting.notify.channel.SmtpSettings;
import io.pdm.alerting.service.AlertingSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pdm alerting} and {@code pdm alerts tail} options, parsed as {@code pdm} parses them. */
class AlertingCommandTest {

    @Test
    void alertingOptionsBecomeSettings() {
        assumeThat(System.getenv().keySet()).noneMatch(k -> k.startsWith("PDM_"));
        AlertingSettings defaults = ConfigOptionsTest.<AlertingCommand>parse("alerting", "--plant", "plant-a")
                .settings();
        assertThat(defaults.applicationId()).isEqualTo("pdm.plant-a.alerting");
        assertThat(defaults.kafka()).isEqualTo("127.0.0.1:9092");
        assertThat(defaults.lifecycle().fleetingHold()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.lifecycle().maxShelve()).isEqualTo(Duration.ofHours(8));
        assertThat(defaults.lifecycle().escalation()).isEmpty();
        assertThat(defaults.lifecycle().stateRefresh()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.stateDir().getFileName()).isEqualTo(Path.of("plant-a"));
        assertThat(defaults.assetTypes())
                .as("no asset-type files (not one empty path)")
                .isEmpty();

        AlertingSettings given = ConfigOptionsTest.<AlertingCommand>parse(
                        "alerting",
                        "--plant",
                        "plant-b",
                        "--kafka",
                        "k:9092",
                        "--escalation",
                        "shift-lead, manager",
                        "--escalate-after",
                        "15m",
                        "--fleeting-hold",
                        "0s",
                        "--chatter-cycles",
                        "4",
                        "--commit-interval",
                        "50ms",
                        "--state-refresh",
                        "0s")
                .settings();
        assertThat(given.lifecycle().stateRefresh()).isZero();
        assertThat(given.lifecycle().escalation()).containsExactly("shift-lead", "manager");
        assertThat(given.lifecycle().escalateAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(given.lifecycle().fleetingHold()).isZero();
        assertThat(given.lifecycle().chatterCycles()).isEqualTo(4);
        assertThat(given.commitInterval()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void notificationOptionsBecomeSettings() {
        assumeThat(System.getenv().keySet()).noneMatch(k -> k.startsWith("PDM_"));
        AlertingSettings off = ConfigOptionsTest.<AlertingCommand>parse("alerting", "--plant", "plant-a")
                .settings();
        assertThat(off.notifications().enabled()).as("no preferences file: off").isFalse();
        assertThat(off.notifications().smtp()).isNull();

        AlertingSettings on = ConfigOptionsTest.<AlertingCommand>parse(
                        "alerting",
                        "--plant",
                        "plant-a",
                        "--notify-preferences",
                        "/etc/pdm/notifications.yaml",
                        "--smtp-host",
                        "smtp.plant-a.example",
                        "--smtp-security",
                        "TLS",
                        "--smtp-port",
                        "465",
                        "--smtp-username",
                        "pdm",
                        "--smtp-password-file",
                        "/run/secrets/smtp-password",
                        "--smtp-from",
                        "pdm alerts <alerts@plant-a.example>",
                        "--webhook-timeout",
                        "3s",
                        "--inbox-url",
                        "https://inbox.plant-a.example")
                .settings();
        var n = on.notifications();
        assertThat(n.preferences()).isEqualTo(Path.of("/etc/pdm/notifications.yaml"));
        assertThat(n.smtp().host()).isEqualTo("smtp.plant-a.example");
        assertThat(n.smtp().port()).isEqualTo(465);
        assertThat(n.smtp().security()).isEqualTo(SmtpSettings.Security.TLS);
        assertThat(n.smtp().username()).isEqualTo("pdm");
        assertThat(n.smtp().passwordFile()).isEqualTo(Path.of("/run/secrets/smtp-password"));
        assertThat(n.smtp().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(n.webhookTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(n.link("fp1")).hasToString("https://inbox.plant-a.example/alerts/fp1");

        assertThatThrownBy(() -> ConfigOptionsTest.<AlertingCommand>parse(
                                "alerting", "--plant", "p", "--smtp-host", "smtp.example")
                        .settings())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("sender address (SMTP from) is required");
        assertThatThrownBy(() -> ConfigOptionsTest.<AlertingCommand>parse(
                                "alerting", "--plant", "p", "--inbox-url", "inbox.example")
                        .settings())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("absolute http(s) URL");
    }

    @Test
    void aBadPreferencesFileStopsTheStartWithItsPointerBeforeAnyKafkaIsNeeded(@TempDir Path dir) throws Exception {
        assumeThat(System.getenv().keySet()).noneMatch(k -> k.startsWith("PDM_"));
        Path prefs = Files.writeString(
                dir.resolve("notifications.yaml"),
                "users:\n  - {name: alice, email: alice@plant-a.example, plants: [plant-a]}\n"
                        + "escalation:\n  plant-a: [nobody]\n");
        AlertingCommand command = ConfigOptionsTest.parse(
                "alerting", "--plant", "plant-a", "--kafka", "127.0.0.1:1", "--notify-preferences", prefs.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(command.call()).isEqualTo(2);
        } finally {
            System.setErr(before);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("pdm alerting: " + prefs + "#/escalation/plant-a/0: unknown user 'nobody'");
    }

    @Test
    void badAlertingOptionsAreUsageErrors() {
        assumeThat(System.getenv().keySet()).noneMatch(k -> k.startsWith("PDM_"));
        assertThatThrownBy(() ->
                        ConfigOptionsTest.<AlertingCommand>parse("alerting").settings())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--plant (or PDM_PLANT) is required");
        assertThatThrownBy(() -> ConfigOptionsTest.<AlertingCommand>parse(
                                "alerting", "--plant", "p", "--chatter-cycles", "1")
                        .settings())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("chatterCycles must be >= 2");
        assertThatThrownBy(() -> ConfigOptionsTest.<AlertingCommand>parse("alerting", "--plant", "A.b")
                        .settings())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("plant id 'A.b'");
    }

    @Test
    void inboxOptionsBecomeInboxSettings(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assumeThat(System.getenv().keySet()).noneMatch(k -> k.startsWith("PDM_"));
        AlertingCommand none = ConfigOptionsTest.parse("alerting", "--plant", "plant-a");
        assertThat(none.inbox.enabled()).as("no users, no issuer: probes only").isFalse();

        Path users = dir.resolve("users");
        String hash = new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode("pw");
        java.nio.file.Files.writeString(users, "ann " + hash + " engineer:plant-a\n");
        AlertingCommand c = ConfigOptionsTest.parse(
                "alerting",
                "--plant",
                "plant-a",
                "--inbox-users",
                users.toString(),
                "--inbox-session-timeout",
                "10m",
                "--inbox-max-alerts",
                "500",
                "--inbox-oidc-issuer",
                "https://id.example.com/realms/pdm",
                "--jdbc",
                "jdbc:postgresql://db/pdm",
                "--max-shelve",
                "4h");
        assertThat(c.inbox.enabled()).isTrue();
        AlertingSettings s = c.settings();
        var inbox = c.inbox.settings(
                "plant-a",
                s.kafka(),
                s.kafkaSecurity(),
                "0.0.0.0",
                8080,
                s.lifecycle().maxShelve(),
                s.lifecycle().retention(),
                null);
        assertThat(inbox.users()).extracting(u -> u.name()).containsExactly("ann");
        assertThat(inbox.sessionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(inbox.retention().maxAlerts()).isEqualTo(500);
        assertThat(inbox.retention().closedFor()).isEqualTo(Duration.ofDays(7));
        assertThat(inbox.maxShelve()).isEqualTo(Duration.ofHours(4));
        assertThat(inbox.oidc().rolesClaim()).isEqualTo("pdm_roles");
        assertThat(inbox.jdbc()).containsEntry("plant-a", "jdbc:postgresql://db/pdm");

        java.nio.file.Files.writeString(users, "ann secret engineer:plant-a\n");
        assertThatThrownBy(() -> c.inbox.settings(
                        "plant-a",
                        s.kafka(),
                        s.kafkaSecurity(),
                        "0.0.0.0",
                        8080,
                        s.lifecycle().maxShelve(),
                        s.lifecycle().retention(),
                        null))
                .hasMessageContaining("line 1")
                .hasMessageContaining("not a bcrypt hash");
    }

    @Test
    void tailIsASubcommandOfAlerts() {
        CommandLine.ParseResult r = Pdm.commandLine()
                .parseArgs("alerts", "tail", "--plant", "plant-a", "--from-beginning", "--json", "--limit", "3");
        AlertsTail tail = (AlertsTail) r.subcommand().subcommand().commandSpec().userObject();
        assertThat(tail.plant).isEqualTo("plant-a");
        assertThat(tail.fromBeginning).isTrue();
        assertThat(tail.json).isTrue();
        assertThat(tail.limit).isEqualTo(3);
        assertThat(List.of(Pdm.commandLine().getSubcommands().keySet().toArray()))
                .contains("alerting", "alerts");
        assertThat(Pdm.commandLine().getSubcommands().get("bench").getSubcommands())
                .containsKey("alerting");
    }
}
