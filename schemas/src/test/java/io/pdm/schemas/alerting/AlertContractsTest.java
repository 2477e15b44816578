package io.pdm.schemas.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.schemas.testing.ContractSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alerting contracts: every command round-trips through Jackson and passes its JSON Schema, and so do states. */
class AlertContractsTest {
    static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");
    static final String FP = "3f2a9c0d1e4b5a67";

    static List<AlertCommand> everyCommand() {
        return List.of(
                new AlertCommand.Acknowledge("c1", FP, "pump-1", "alice", AT, "seen"),
                new AlertCommand.Confirm("c2", FP, "pump-1", "alice", AT, null),
                new AlertCommand.Shelve("c3", FP, "pump-1", "alice", AT, Duration.ofHours(2), "sensor swap"),
                new AlertCommand.Unshelve("c4", FP, "pump-1", "alice", AT, null),
                new AlertCommand.Resolve("c5", FP, "pump-1", "system:maximo", AT, "WO 4711 done"),
                new AlertCommand.Comment("c6", FP, "pump-1", "bob", AT, "bearing noise confirmed on site"),
                new AlertCommand.RequestWork("c7", FP, "pump-1", "bob", AT, null),
                new AlertCommand.SilenceAdd(
                        "c8",
                        "s-1",
                        new SilenceMatchers("plant-a", null, "CONDITION_CHANGE", null, 599),
                        AT,
                        AT.plusSeconds(3600),
                        "carol",
                        AT,
                        "commissioning"),
                new AlertCommand.SilenceRemove("c9", "s-1", "carol", AT),
                new AlertCommand.OutOfService("c10", "pump-1", "dave", AT, "decommissioned"),
                new AlertCommand.InService("c11", "pump-1", "dave", AT),
                new AlertCommand.MaintenanceStart("c12", "pump-1", "system:sap-pm", AT, "4711"),
                new AlertCommand.MaintenanceEnd("c13", "pump-1", "system:sap-pm", AT));
    }

    @Test
    void everyCommandRoundTripsAndMatchesTheSchema() throws IOException {
        List<AlertCommand> commands = everyCommand();
        assertThat(commands.stream().map(c -> c.getClass().getSimpleName()).distinct())
                .hasSize(AlertCommand.class
                        .getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class)
                        .value()
                        .length);
        for (AlertCommand c : commands) {
            byte[] json = AlertJson.toBytes(c);
            assertThat(ContractSchemas.validate("alert-command", new String(json, StandardCharsets.UTF_8)))
                    .as(new String(json, StandardCharsets.UTF_8))
                    .isEmpty();
            assertThat(AlertJson.command(json)).isEqualTo(c);
        }
        assertThat(new String(AlertJson.toBytes(commands.get(2)), StandardCharsets.UTF_8))
                .contains("\"type\":\"shelve\"", "\"duration\":\"PT2H\"", "\"at\":\"2026-12-05T10:00:00Z\"");
    }

    @Test
    void theSchemaAndTheReaderRefuseBrokenCommandsPrecisely() {
        String unknownType = "{\"type\":\"snooze\",\"commandId\":\"c\",\"by\":\"a\",\"at\":\"2026-12-05T10:00:00Z\"}";
        assertThat(ContractSchemas.validate("alert-command", unknownType)).anyMatch(m -> m.contains("/type"));
        assertThatThrownBy(() -> AlertJson.command(unknownType.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("snooze");

        String shelveBySystem = "{\"type\":\"shelve\",\"commandId\":\"c\",\"fingerprint\":\"f\",\"asset\":\"p\","
                + "\"by\":\"system:x\",\"at\":\"2026-12-05T10:00:00Z\",\"duration\":\"PT1H\",\"reason\":\"r\"}";
        assertThat(ContractSchemas.validate("alert-command", shelveBySystem)).anyMatch(m -> m.startsWith("/by"));

        String ackWithoutAsset = "{\"type\":\"acknowledge\",\"commandId\":\"c\",\"fingerprint\":\"f\",\"by\":\"a\","
                + "\"at\":\"2026-12-05T10:00:00Z\"}";
        assertThat(ContractSchemas.validate("alert-command", ackWithoutAsset))
                .anyMatch(m -> m.contains("required property 'asset'"));

        String typo =
                "{\"type\":\"acknowledge\",\"commandId\":\"c\",\"fingerprint\":\"f\",\"asset\":\"p\",\"by\":\"a\","
                        + "\"at\":\"2026-12-05T10:00:00Z\",\"coment\":\"x\"}";
        assertThat(ContractSchemas.validate("alert-command", typo)).anyMatch(m -> m.contains("coment"));
        assertThatThrownBy(() -> AlertJson.command(typo.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("coment");
    }

    @Test
    void anAlertStateAndAnEventDataMatchTheirSchemas() throws IOException {
        AlertFacts facts = new AlertFacts(
                "a-1",
                AT,
                "pump-1: remaining life low",
                "Bearing wear; act by 2026-12-12 (see log L-17).",
                new AlertFacts.RemainingLife(120, 80, 160, 0.9, "HOUR"),
                "DEGRADING",
                new AlertFacts.Evidence(
                        "remaining life below threshold",
                        List.of(new AlertFacts.Measurement("vibration.rms", 4.2, "mm/s", AT, 4.5, "B", "ISO 20816-3"))),
                List.of("L-17"),
                "a".repeat(64),
                3L,
                "template",
                true);
        AlertState state = new AlertState(
                FP,
                1,
                "plant-a",
                "pump-1",
                "pump-set",
                "REMAINING_LIFE_LOW",
                "bearing-wear",
                true,
                false,
                false,
                false,
                720,
                null,
                List.of(),
                false,
                false,
                AT,
                AT,
                AT,
                null,
                null,
                AT,
                AT,
                0,
                null,
                1,
                List.of(AT),
                facts,
                List.of(new AlertState.Note("raised", "system:pdm-alerting", AT, null)),
                List.of());
        JsonNode json = AlertJson.mapper().readTree(AlertJson.toBytes(state));
        assertThat(ContractSchemas.validate("alert-state", json)).isEmpty();
        assertThat(json.get("band").asText()).isEqualTo("HIGH");
        assertThat(json.get("stateName").asText()).isEqualTo("ACTIVE_UNACKNOWLEDGED");
        assertThat(AlertJson.state(AlertJson.toBytes(state))).isEqualTo(state);

        WorkRequest work = new WorkRequest(
                new WorkRequest.Maximo("d", "long", "PUMP-1", "PLANT-A", "PLANT-A", 2, "pdm"),
                new WorkRequest.SapPm(
                        "M2",
                        "short",
                        "long",
                        "pump-1",
                        "plant-a",
                        "2",
                        "PUMP-SET",
                        "bearing",
                        "PUMP-SET",
                        "bearing-wear",
                        "PDM",
                        "REMAINING_LIFE_LOW",
                        "pdm"));
        MaintenanceEventData data = new MaintenanceEventData(
                new MaintenanceEventData.Transition("raised", 1, "system:pdm-alerting", AT, null, null),
                MaintenanceEventData.Alert.of(state),
                work);
        assertThat(ContractSchemas.validate("maintenance-event-data", new String(AlertJson.toBytes(data))))
                .isEmpty();
        assertThatThrownBy(() -> new WorkRequest.SapPm(
                        "M2", "x".repeat(41), null, null, null, "1", null, null, null, null, null, null, null))
                .hasMessageContaining("40 characters");
    }

    @Test
    void severityBands() {
        assertThat(SeverityBand.of(1)).isEqualTo(SeverityBand.INFO);
        assertThat(SeverityBand.of(399)).isEqualTo(SeverityBand.LOW);
        assertThat(SeverityBand.of(400)).isEqualTo(SeverityBand.MEDIUM);
        assertThat(SeverityBand.of(600)).isEqualTo(SeverityBand.HIGH);
        assertThat(SeverityBand.of(1000)).isEqualTo(SeverityBand.CRITICAL);
        assertThatThrownBy(() -> SeverityBand.of(0)).hasMessageContaining("1-1000");
    }
}
