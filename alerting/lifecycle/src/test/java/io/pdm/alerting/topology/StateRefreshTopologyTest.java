package io.pdm.alerting.topology;

import static io.pdm.alerting.topology.Plant.fp;
import static io.pdm.alerting.topology.Plant.types;
import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.schemas.alerting.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The state refresh rule (alerting/README.md, "Repeats"): a repeat that changes only facts, severity within the band
 * and the last active time is written (store, changelog, state topic) at most once per {@code stateRefresh} of event
 * time; a material change is written at once.
 */
class StateRefreshTopologyTest {
    static final String RUL = "REMAINING_LIFE_LOW", MODE = "bearing-wear", ASSET = "pump-1";
    static final Instant T = Plant.START;
    static final String FP = fp(ASSET, RUL, MODE);
    static final String CHANGELOG = "pdm." + Plant.PLANT + ".alerting-" + AlertingTopology.ALERTS + "-changelog";

    private static TestOutputTopic<String, byte[]> changelog(Plant plant) {
        return plant.driver.createOutputTopic(CHANGELOG, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Test
    void aRepeatInsideTheIntervalWritesNothingAndTheIntervalsEndWrites() {
        try (Plant plant = Plant.immediate()) { // default refresh: 10 s
            TestOutputTopic<String, byte[]> changelog = changelog(plant);
            plant.candidate(ASSET, RUL, MODE, "RAISED", 650, T);
            assertThat(plant.stateRecords()).hasSize(1);
            assertThat(changelog.readRecordsToList()).hasSize(1);
            assertThat(types(plant.events())).containsExactly("raised");

            for (int s = 1; s <= 9; s++) plant.candidate(ASSET, RUL, MODE, "UPDATED", 650 + s, T.plusSeconds(s));
            assertThat(plant.stateRecords()).isEmpty();
            assertThat(changelog.readRecordsToList()).isEmpty();
            assertThat(plant.events()).isEmpty();
            assertThat(plant.state(FP).lastActiveAt()).isEqualTo(T);
            assertThat(plant.state(FP).severity()).isEqualTo(650);

            plant.candidate(ASSET, RUL, MODE, "UPDATED", 670, T.plusSeconds(10)); // the interval is over
            List<TestRecord<String, byte[]>> written = plant.stateRecords();
            assertThat(written).hasSize(1);
            AlertState published = Plant.parse(written.get(0).value());
            assertThat(published.lastActiveAt()).isEqualTo(T.plusSeconds(10));
            assertThat(published.severity()).isEqualTo(670);
            assertThat(changelog.readRecordsToList()).hasSize(1);
            assertThat(plant.state(FP)).isEqualTo(published);

            // counted from the last written repeat, not the raise
            plant.candidate(ASSET, RUL, MODE, "UPDATED", 671, T.plusSeconds(15));
            assertThat(plant.stateRecords()).isEmpty();
            plant.candidate(ASSET, RUL, MODE, "UPDATED", 672, T.plusSeconds(20));
            assertThat(plant.stateRecords()).hasSize(1);
        }
    }

    @Test
    void aMaterialChangeInsideTheIntervalIsWrittenAtOnce() {
        try (Plant plant = Plant.immediate()) {
            plant.candidate(ASSET, RUL, MODE, "RAISED", 650, T);
            plant.stateRecords();
            plant.events();

            // the band rises (HIGH to CRITICAL): written and announced at once
            plant.candidate(ASSET, RUL, MODE, "UPDATED", 850, T.plusSeconds(1));
            assertThat(plant.stateRecords()).hasSize(1);
            assertThat(types(plant.events())).containsExactly("updated");
            assertThat(plant.state(FP).severity()).isEqualTo(850);

            // a band fall is a change too (the work request's priority follows the band)
            plant.candidate(ASSET, RUL, MODE, "UPDATED", 700, T.plusSeconds(2));
            assertThat(plant.stateRecords()).hasSize(1);
            assertThat(plant.state(FP).band()).isEqualTo(io.pdm.schemas.alerting.SeverityBand.HIGH);

            // a person's command
            plant.command("{\"type\":\"acknowledge\",\"fingerprint\":\"" + FP + "\",\"asset\":\"" + ASSET
                    + "\",\"by\":\"alice\"}");
            assertThat(plant.stateRecords()).hasSize(1);
            plant.candidate(ASSET, RUL, MODE, "UPDATED", 701, T.plusSeconds(3));
            assertThat(plant.stateRecords()).isEmpty();

            // a clear changes the state
            plant.candidate(ASSET, RUL, MODE, "CLEARED", 701, T.plusSeconds(4));
            List<TestRecord<String, byte[]>> cleared = plant.stateRecords();
            assertThat(cleared).hasSize(1);
            assertThat(Plant.parse(cleared.get(0).value()).closed()).isTrue();
            assertThat(types(plant.events())).containsExactly("acknowledged", "cleared", "closed");
        }
    }

    @Test
    void aHeldBackAlertIsStillAnnouncedByTheTickAfterSkippedRepeats() {
        try (Plant plant = new Plant(LifecycleSettings.DEFAULTS)) { // 5 s fleeting hold
            plant.candidate(ASSET, RUL, MODE, "RAISED", 650, T);
            plant.candidate(ASSET, RUL, MODE, "UPDATED", 651, T.plusSeconds(2));
            assertThat(plant.stateRecords()).hasSize(1);
            plant.advance(Duration.ofSeconds(6));
            assertThat(types(plant.events())).containsExactly("raised");
            assertThat(plant.stateRecords()).hasSize(1);
        }
    }

    @Test
    void aRepeatInsideTheIntervalStillAppliesAChangedSuppression() {
        try (Plant plant = Plant.immediate()) {
            String whole = fp(ASSET, RUL, "unspecified");
            plant.candidate(ASSET, RUL, MODE, "RAISED", 650, T);
            plant.candidate(ASSET, RUL, "unspecified", "RAISED", 700, T.plusSeconds(1));
            assertThat(plant.state(FP).suppressedBy()).containsExactly("inhibited-by:" + whole);
            plant.stateRecords();

            // the whole asset's alert is resolved by a person: nothing re-evaluates its parts until their next input
            plant.command("{\"type\":\"resolve\",\"fingerprint\":\"" + whole + "\",\"asset\":\"" + ASSET
                    + "\",\"by\":\"alice\"}");
            assertThat(plant.state(FP).suppressedBy()).containsExactly("inhibited-by:" + whole);
            plant.candidate(ASSET, RUL, MODE, "UPDATED", 651, T.plusSeconds(3)); // inside the part's interval
            assertThat(plant.state(FP).suppressedBy()).isEmpty();
            assertThat(plant.stateRecords()).extracting(r -> r.key()).containsExactly(whole, FP);
        }
    }

    @Test
    void zeroWritesEveryRepeat() {
        LifecycleSettings every =
                LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO).withStateRefresh(Duration.ZERO);
        try (Plant plant = new Plant(every)) {
            plant.candidate(ASSET, RUL, MODE, "RAISED", 650, T);
            for (int s = 1; s <= 3; s++) plant.candidate(ASSET, RUL, MODE, "UPDATED", 650 + s, T.plusSeconds(s));
            assertThat(plant.stateRecords()).hasSize(4);
            assertThat(plant.state(FP).lastActiveAt()).isEqualTo(T.plusSeconds(3));
        }
    }
}
