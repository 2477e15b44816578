package io.pdm.alerting.topology;

import static io.pdm.alerting.topology.Plant.fp;
import static io.pdm.alerting.topology.Plant.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.AlertRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input goes to the plant's dead-letter topic with the reason and the original bytes; nothing stops the topology. */
class DeadLetterTopologyTest {
    static final Instant T = Plant.START;
    static final String RUL = "REMAINING_LIFE_LOW";

    @Test
    void malformedCandidatesAndCommandsGoToTheDeadLetterTopicWithTheReason() {
        try (Plant plant = Plant.immediate()) {
            plant.alerts.pipeInput("pump-1", "not avro".getBytes(StandardCharsets.UTF_8));
            AlertRecord badSeverity = Plant.record("pump-1", RUL, "bearing-wear", "RAISED", 1500, T);
            plant.alerts.pipeInput("pump-1", Plant.CANDIDATES.encode(badSeverity));
            AlertRecord otherPlant = AlertRecord.newBuilder(
                            Plant.record("pump-1", RUL, "bearing-wear", "RAISED", 700, T))
                    .setPlant("plant-b")
                    .build();
            plant.alerts.pipeInput("pump-1", Plant.CANDIDATES.encode(otherPlant));
            plant.rawCommand("{not json");
            plant.rawCommand("{\"type\":\"snooze\",\"commandId\":\"c1\",\"by\":\"a\",\"at\":\"" + T + "\"}");
            plant.rawCommand(
                    "{\"type\":\"acknowledge\",\"commandId\":\"c2\",\"fingerprint\":\"f\",\"by\":\"a\",\"at\":\"" + T
                            + "\"}");
            plant.rawCommand("{\"type\":\"silence-add\",\"commandId\":\"c3\",\"silenceId\":\"s\",\"matchers\":{},"
                    + "\"start\":\"" + T + "\",\"end\":\"" + T.minusSeconds(1) + "\",\"by\":\"a\",\"at\":\"" + T
                    + "\"}");
            List<Plant.Letter> letters = plant.deadLetters();
            assertThat(letters)
                    .extracting(Plant.Letter::reason)
                    .containsExactly(
                            "MALFORMED_CANDIDATE",
                            "MALFORMED_CANDIDATE",
                            "MALFORMED_CANDIDATE",
                            "MALFORMED_COMMAND",
                            "MALFORMED_COMMAND",
                            "MALFORMED_COMMAND",
                            "INVALID_SILENCE");
            assertThat(letters.get(0).detail()).contains("not a AlertRecord");
            assertThat(letters.get(1).detail()).isEqualTo("severity 1500 is not 1-1000");
            assertThat(letters.get(2).detail()).contains("plant-b");
            assertThat(letters.get(4).detail()).contains("snooze");
            assertThat(letters.get(5).detail()).isEqualTo("/asset: required");
            assertThat(letters.get(0).record().getSource()).isEqualTo(Topics.alerts(Plant.PLANT));
            assertThat(letters.get(3).record().getPayload().array())
                    .isEqualTo("{not json".getBytes(StandardCharsets.UTF_8));

            // and the topology still works
            plant.candidate("pump-1", RUL, "bearing-wear", "RAISED", 700, T);
            assertThat(types(plant.events())).containsExactly("raised");
        }
    }

    /**
     * The fact sheet is checked for every candidate, though a repeat held back by the state refresh never reads it
     * whole: a malformed one is refused whether the repeat would have been written or not, and changes nothing.
     */
    @Test
    void aMalformedFactSheetIsRefusedWhetherItsRepeatWouldBeHeldBackOrWritten() {
        try (Plant plant = Plant.immediate()) {
            String fp = fp("pump-1", RUL, "bearing-wear");
            plant.candidate("pump-1", RUL, "bearing-wear", "RAISED", 700, T);
            assertThat(plant.stateRecords()).hasSize(1);
            assertThat(types(plant.events())).containsExactly("raised");

            // same band, within the refresh: a good one would be held back (written nowhere)
            AlertRecord quiet = AlertRecord.newBuilder(Plant.record("pump-1", RUL, "bearing-wear", "UPDATED", 701, T))
                    .setOccurredAt(T.plusSeconds(1))
                    .setFactSheet("{\"reason\":\"vibration\",\"measurements\":[")
                    .build();
            plant.alerts.pipeInput("pump-1", Plant.CANDIDATES.encode(quiet));
            // the band rises: a good one would be written and announced
            AlertRecord rising = AlertRecord.newBuilder(Plant.record("pump-1", RUL, "bearing-wear", "UPDATED", 850, T))
                    .setOccurredAt(T.plusSeconds(2))
                    .setFactSheet(
                            "{\"measurements\":[{\"channel\":\"vibration.rms\",\"value\":9.1,\"time\":\"soon\"}]}")
                    .build();
            plant.alerts.pipeInput("pump-1", Plant.CANDIDATES.encode(rising));

            List<Plant.Letter> letters = plant.deadLetters();
            assertThat(letters)
                    .extracting(Plant.Letter::reason)
                    .containsExactly("MALFORMED_CANDIDATE", "MALFORMED_CANDIDATE");
            assertThat(letters.get(0).detail()).startsWith("factSheet is not JSON: Unexpected end-of-input");
            assertThat(letters.get(1).detail()).isEqualTo("factSheet measurement vibration.rms has no valid time");
            assertThat(letters.get(1).record().getPayload().array()).isEqualTo(Plant.CANDIDATES.encode(rising));
            assertThat(plant.stateRecords()).isEmpty();
            assertThat(plant.events()).isEmpty();
            assertThat(plant.state(fp).severity()).isEqualTo(700);

            // good ones still apply as before: the rise is written and announced
            plant.candidate("pump-1", RUL, "bearing-wear", "UPDATED", 850, T.plusSeconds(3));
            assertThat(types(plant.events())).containsExactly("updated");
            assertThat(plant.state(fp).severity()).isEqualTo(850);
            assertThat(plant.deadLetters()).isEmpty();
        }
    }

    @Test
    void commandsOnUnknownOrClosedAlertsAndImpossibleTransitionsAreRefusedPrecisely() {
        try (Plant plant = Plant.immediate()) {
            String fp = fp("pump-1", RUL, "bearing-wear");
            String on = "\"fingerprint\":\"" + fp + "\",\"asset\":\"pump-1\"";
            plant.command("{\"type\":\"acknowledge\"," + on + ",\"by\":\"alice\"}");
            plant.candidate("pump-1", RUL, "bearing-wear", "RAISED", 700, T);
            plant.command("{\"type\":\"confirm\"," + on + ",\"by\":\"alice\"}");
            plant.command("{\"type\":\"unshelve\"," + on + ",\"by\":\"alice\"}");
            plant.command("{\"type\":\"shelve\"," + on + ",\"by\":\"alice\",\"duration\":\"PT9H\",\"reason\":\"r\"}");
            plant.command(
                    "{\"type\":\"shelve\"," + on + ",\"by\":\"system:scada\",\"duration\":\"PT1H\",\"reason\":\"r\"}");
            plant.command(
                    "{\"type\":\"acknowledge\",\"fingerprint\":\"" + fp + "\",\"asset\":\"pump-9\",\"by\":\"a\"}");
            plant.command("{\"type\":\"resolve\"," + on + ",\"by\":\"alice\"}");
            plant.command("{\"type\":\"comment\"," + on + ",\"by\":\"alice\",\"text\":\"too late\"}");
            List<Plant.Letter> letters = plant.deadLetters();
            assertThat(letters)
                    .extracting(Plant.Letter::reason)
                    .containsExactly(
                            "UNKNOWN_ALERT",
                            "INVALID_TRANSITION",
                            "INVALID_TRANSITION",
                            "SHELVE_DURATION",
                            "NOT_A_PERSON",
                            // routed by pump-9; here one task holds every asset (with more partitions pump-9's
                            // task may not know the fingerprint at all: UNKNOWN_ALERT)
                            "ASSET_MISMATCH",
                            "ALERT_CLOSED");
            assertThat(letters.get(1).detail()).isEqualTo("confirm needs the alert acknowledged first");
            assertThat(letters.get(3).detail()).contains("PT9H", "PT8H");
            assertThat(letters.get(6).detail()).contains("is closed (RESOLVED)");
            assertThat(letters.get(6).record().getSource()).isEqualTo(Topics.alertCommands(Plant.PLANT));
            assertThat(types(plant.events())).containsExactly("raised", "resolved");
        }
    }

    @Test
    void aRepeatedCommandIdIsAppliedOnce() {
        try (Plant plant = Plant.immediate()) {
            String fp = fp("pump-1", RUL, "bearing-wear");
            plant.candidate("pump-1", RUL, "bearing-wear", "RAISED", 700, T);
            String comment = "{\"type\":\"comment\",\"commandId\":\"same\",\"fingerprint\":\"" + fp
                    + "\",\"asset\":\"pump-1\",\"by\":\"bob\",\"at\":\"" + T + "\",\"text\":\"checked\"}";
            plant.rawCommand(comment);
            plant.rawCommand(comment);
            assertThat(types(plant.events())).containsExactly("raised", "commented");
            assertThat(plant.deadLetters()).isEmpty();
        }
    }
}
