package io.pdm.alerting.notify.prefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pdm.schemas.testing.ContractSchemas;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The example file loads as documented; every kind of mistake is refused with the pointer of the bad value. */
class PreferencesFileTest {
    static final String SCHEMA = "notification-preferences";

    static Path example() throws URISyntaxException {
        return Path.of(PreferencesFileTest.class
                .getResource("/preferences-example.yaml")
                .toURI());
    }

    @Test
    void theExampleLoadsWithItsDefaultsAndEscalationList() throws Exception {
        NotificationPreferences prefs = PreferencesFile.load(example());

        assertThat(prefs.users()).extracting(UserPreferences::name).containsExactly("alice", "bob", "ops-channel");
        UserPreferences alice = prefs.user("alice").orElseThrow();
        assertThat(alice.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(alice.minSeverity()).isEqualTo(400);
        assertThat(alice.silentPeriod()).isEqualTo(Duration.ofMinutes(30));
        assertThat(alice.quietHours())
                .isEqualTo(new QuietHours(LocalTime.of(22, 0), LocalTime.of(6, 30), QuietHours.Allow.CRITICAL));
        UserPreferences bob = prefs.user("bob").orElseThrow();
        assertThat(bob.minSeverity()).isEqualTo(1);
        assertThat(bob.silentPeriod()).isZero();
        assertThat(bob.quietHours().allow()).isEqualTo(QuietHours.Allow.NONE);
        UserPreferences ops = prefs.user("ops-channel").orElseThrow();
        assertThat(ops.email()).isNull();
        assertThat(ops.follows("any-plant")).isTrue();
        assertThat(ops.webhooks())
                .extracting(WebhookTarget::format)
                .containsExactly(WebhookFormat.SLACK, WebhookFormat.TEAMS, WebhookFormat.GENERIC);
        assertThat(prefs.escalationList("plant-a")).containsExactly("alice", "bob");
        assertThat(prefs.escalationTarget("plant-a", 1)).contains("bob");
        assertThat(prefs.escalationTarget("plant-a", 2)).isEmpty();
        assertThat(prefs.escalationList("plant-z")).isEmpty();
    }

    @Test
    void theExampleAndTheSameAsJsonMatchTheSchema() throws Exception {
        JsonNode yaml = new YAMLMapper().readTree(example().toFile());
        assertThat(ContractSchemas.validate(SCHEMA, yaml)).isEmpty();
        NotificationPreferences fromJson = PreferencesFile.parse(yaml.toString(), "example.json", false);
        assertThat(fromJson).isEqualTo(PreferencesFile.load(example()));
    }

    /** Each broken document is refused by the loader at the pointer given, and by the schema where a schema can tell. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "users: [{name: x, plants: [a], email: nope}]|/users/0/email|not an e-mail address|true",
                "users: [{name: x, plants: [A]}]|/users/0/plants/0|not a plant id|true",
                "users: [{name: x, plants: [a], email: x@y.example, minSeverity: 1001}]|/users/0/minSeverity|1–1000|true",
                "users: [{name: x, plants: [a], email: x@y.example, quietHour: {}}]|/users/0/quietHour|unknown property|true",
                "users: [{name: x, plants: [a], email: x@y.example, quietHours: {from: '25:00', to: '06:00'}}]|/users/0/quietHours/from|25:00|true",
                "users: [{name: x, plants: [a], email: x@y.example, quietHours: {from: '06:00'}}]|/users/0/quietHours/to|is required|true",
                "users: [{name: x, plants: [a], email: x@y.example, quietHours: {from: '06:00:30', to: '07:00'}}]|/users/0/quietHours/from|HH:mm|true",
                "users: [{name: x, plants: [a], email: x@y.example, zone: Mars/Olympus}]|/users/0/zone|Mars/Olympus|false",
                "users: [{name: x, plants: [a], email: x@y.example, silentPeriod: soon}]|/users/0/silentPeriod|not a duration|true",
                "users: [{name: x, plants: [a]}]|/users/0|no channel|true",
                "users: [{name: x, plants: [a], webhooks: [{name: w, url: 'ftp://h/x'}]}]|/users/0/webhooks/0/url|http(s)|true",
                "users: [{name: x, plants: [a], webhooks: [{name: w, url: 'https://h/x', format: discord}]}]|/users/0/webhooks/0/format|discord|true",
                "users: [{name: x, plants: [a], webhooks: [{name: w, url: 'https://h/x'}, {name: w, url: 'https://h/y'}]}]|/users/0/webhooks/1/name|duplicate webhook|false",
                "users: [{name: x, plants: [a], email: x@y.example}, {name: x, plants: [b], email: z@y.example}]|/users/1/name|duplicate user|false",
                "users: [{name: x, plants: [a], email: x@y.example}]\\nescalation: {plant-a: [x, nobody]}|/escalation/plant-a/1|unknown user 'nobody'|false",
                "users: [{name: x, plants: [a], email: x@y.example}]\\nescalation: {plant-a: []}|/escalation/plant-a|at least one|true",
            })
    void refusesWithThePointerOfTheBadValue(String yaml, String pointer, String reason, boolean schemaRefuses)
            throws IOException {
        String doc = yaml.replace("\\n", "\n");
        assertThatThrownBy(() -> PreferencesFile.parse(doc, "prefs.yaml", true))
                .isInstanceOfSatisfying(PreferencesException.class, e -> {
                    assertThat(e.pointer()).isEqualTo(pointer);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.getMessage()).startsWith("prefs.yaml#" + pointer + ": ");
                });
        List<String> schemaErrors = ContractSchemas.validate(SCHEMA, new YAMLMapper().readTree(doc));
        if (schemaRefuses) assertThat(schemaErrors).as("schema on %s", doc).isNotEmpty();
        else assertThat(schemaErrors).as("cross-checks only the loader makes").isEmpty();
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNotASilentReplacement() {
        String twice = "users: [{name: x, plants: [a], email: x@y.example}]\n"
                + "escalation: {plant-a: [x]}\nescalation: {plant-b: [x]}\n";
        assertThatThrownBy(() -> PreferencesFile.parse(twice, "p.yaml", true))
                .isInstanceOf(PreferencesException.class)
                .hasMessageContaining("Duplicate field 'escalation'");
    }

    @Test
    void notYamlAndMissingFileAreNamed(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> PreferencesFile.parse("users: [", "p.yaml", true))
                .isInstanceOf(PreferencesException.class)
                .hasMessageStartingWith("p.yaml#")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> PreferencesFile.load(dir.resolve("none.yaml")))
                .isInstanceOf(PreferencesException.class)
                .hasMessageEndingWith("#: no such file");
        Path json = dir.resolve("p.json");
        Files.writeString(
                json,
                "{\"users\":[{\"name\":\"x\",\"plants\":[\"a\"],\"email\":\"x@y.example\",\"silentPeriod\":90}]}");
        assertThat(PreferencesFile.load(json).users().get(0).silentPeriod()).isEqualTo(Duration.ofSeconds(90));
    }
}
