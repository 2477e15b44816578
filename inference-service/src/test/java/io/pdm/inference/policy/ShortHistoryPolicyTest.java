package io.pdm.inference.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.inference.condition.ChannelLimits;
import io.pdm.inference.condition.ConditionWatch;
import io.pdm.inference.condition.WatchSettings;
import io.pdm.inference.policy.AlertCandidate.State;
import io.pdm.model.data.HealthStage;
import io.pdm.model.text.AlertFacts.LifeUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The short-history rule: no remaining-life or stage alert from a mostly padded window; condition alarms as ever. */
class ShortHistoryPolicyTest {
    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    /** A pump type's policy: warning 0.5 h, stage needs the estimate below 0.75 h, 9 real steps before trusting it. */
    private static final PolicySettings PUMP =
            new PolicySettings(0.5, 0.125, 1, 1).withStageAgreeBelow(0.75).withMinHistorySteps(9);

    private static RemainingLifePrediction low(int step) {
        return new RemainingLifePrediction(
                T0.plus(Duration.ofMinutes(step)), 0.1, 0.0, 0.3, LifeUnit.HOUR, HealthStage.CRITICAL, Map.of());
    }

    private static RemainingLifePrediction healthy(int step) {
        return new RemainingLifePrediction(
                T0.plus(Duration.ofMinutes(step)), 2.0, 1.5, 2.5, LifeUnit.HOUR, HealthStage.HEALTHY, Map.of());
    }

    @Test
    void aLowEstimateFromFewerRealStepsThanTheTypeAsksRaisesNothingButALimitStillAlarms() {
        AlertPolicy policy = new AlertPolicy("plant-a", "pump-new", PUMP);
        ChannelLimits velocity =
                ChannelLimits.of("vib_velocity_rms", "mm/s", List.of(1.4, 2.8, 4.5), "ISO 10816-3 group 2 rigid");
        ConditionWatch watch = new ConditionWatch("pump-new", List.of(velocity), Map.of(), WatchSettings.DEFAULT);
        List<AlertCandidate> out = new ArrayList<>();
        for (int history = 1; history <= 8; history++) {
            Instant t = T0.plus(Duration.ofMinutes(history));
            out.addAll(policy.onPrediction(low(history), history));
            // zone D from the first step: an absolute limit protects a new machine from day one
            out.addAll(policy.onCondition(
                    t, Set.of("vib_velocity_rms"), watch.observe(t, Map.of("vib_velocity_rms", 6.0)), true));
        }
        assertThat(out).extracting(AlertCandidate::kind).containsOnly(AlertKind.CONDITION_LIMIT);
        assertThat(out).extracting(AlertCandidate::state).contains(State.RAISED);

        // the 9th real step is history enough: the same low estimate raises at once (on-delay 1)
        List<AlertCandidate> ninth = policy.onPrediction(low(9), 9);
        assertThat(ninth)
                .extracting(AlertCandidate::kind, AlertCandidate::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(AlertKind.REMAINING_LIFE_LOW, State.RAISED),
                        org.assertj.core.groups.Tuple.tuple(AlertKind.HEALTH_STAGE, State.RAISED));
    }

    @Test
    void theOnDelayCountsOnlyStepsWithHistoryEnough() {
        AlertPolicy policy = new AlertPolicy("plant-a", "pump-new", PUMP.withMinHistorySteps(3));
        PolicySettings delayed = new PolicySettings(0.5, 0.125, 2, 1).withMinHistorySteps(3);
        AlertPolicy twoSteps = new AlertPolicy("plant-a", "pump-new", delayed);
        assertThat(twoSteps.onPrediction(low(1), 1)).isEmpty();
        assertThat(twoSteps.onPrediction(low(2), 2)).isEmpty();
        // steps 1-2 were too short to count towards the on-delay of 2: step 3 is the first, step 4 raises
        assertThat(twoSteps.onPrediction(low(3), 3)).isEmpty();
        assertThat(twoSteps.onPrediction(low(4), 4))
                .extracting(AlertCandidate::kind)
                .contains(AlertKind.REMAINING_LIFE_LOW);
        assertThat(policy.onPrediction(low(3), 3)).isNotEmpty();
    }

    @Test
    void withoutTheRuleEveryStepCountsAsBefore() {
        AlertPolicy policy = new AlertPolicy("plant-a", "pump-new", new PolicySettings(0.5, 0.125, 1, 1));
        assertThat(policy.onPrediction(low(1), 1))
                .extracting(AlertCandidate::kind)
                .contains(AlertKind.REMAINING_LIFE_LOW);
        assertThatThrownBy(() -> PUMP.withMinHistorySteps(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minHistorySteps must be 0 or more, got -1");
    }

    @Test
    void aRestoredAssetClearsTheFailedMachinesAlertsAndStartsItsTracksAgain() {
        AlertPolicy policy = new AlertPolicy("plant-a", "pump-07", PUMP);
        assertThat(policy.onPrediction(low(20), 20)).hasSize(2);
        Instant repaired = T0.plus(Duration.ofMinutes(21));
        List<AlertCandidate> restart = policy.restart(repaired, "the asset was restored (REPLACEMENT)");
        assertThat(restart)
                .extracting(AlertCandidate::kind, AlertCandidate::state, AlertCandidate::time)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(AlertKind.REMAINING_LIFE_LOW, State.CLEARED, repaired),
                        org.assertj.core.groups.Tuple.tuple(AlertKind.HEALTH_STAGE, State.CLEARED, repaired));
        assertThat(restart).extracting(AlertCandidate::reason).containsOnly("the asset was restored (REPLACEMENT)");
        // a second restart with nothing open clears nothing
        assertThat(policy.restart(repaired, "again")).isEmpty();
        // the new machine's first steps: short history, no alert; with history enough a low estimate raises anew
        assertThat(policy.onPrediction(low(22), 1)).isEmpty();
        assertThat(policy.onPrediction(healthy(23), 9)).isEmpty();
        assertThat(policy.onPrediction(low(24), 10))
                .extracting(AlertCandidate::state)
                .containsOnly(State.RAISED);
    }
}
