package io.pdm.inference.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.inference.condition.ChannelLimits;
import io.pdm.inference.condition.ConditionFinding;
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
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {
    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    private static RemainingLifePrediction prediction(int step, double rul, Map<String, Double> modes) {
        return new RemainingLifePrediction(
                T0.plus(Duration.ofHours(step)),
                rul,
                Math.max(0, rul - 8),
                rul + 8,
                LifeUnit.CYCLE,
                HealthStage.of(Math.max(rul, 0)),
                modes);
    }

    /** A true remaining life falling from 100 to 0 and estimated with Gaussian noise of 5 cycles. */
    private static List<AlertCandidate> declining(PolicySettings settings, long seed) {
        AlertPolicy policy = new AlertPolicy("plant-a", "pump-07", settings);
        Random random = new Random(seed);
        List<AlertCandidate> out = new ArrayList<>();
        for (int step = 0; step <= 100; step++) {
            double estimate = Math.max(0, 100 - step + 5 * random.nextGaussian());
            out.addAll(policy.onPrediction(prediction(step, estimate, Map.of("bearing", 0.7, "seal", 0.3))));
        }
        return out;
    }

    private static List<AlertCandidate> ofKind(List<AlertCandidate> all, AlertKind kind) {
        return all.stream().filter(c -> c.kind() == kind).toList();
    }

    @Test
    void theReasonWritesSmallRemainingLivesWithTheirDigitsNotRoundedToZero() {
        // a pump's life in hours: "0 hours [0, 1] is below the threshold of 1" told an engineer nothing
        AlertPolicy policy = new AlertPolicy("plant-a", "pump-07", new PolicySettings(1, 0.5, 1, 1));
        List<AlertCandidate> out = policy.onPrediction(new RemainingLifePrediction(
                T0, 0.404, 0.0, 1.12, LifeUnit.HOUR, HealthStage.CRITICAL, Map.of("bearing", 1.0)));
        assertThat(ofKind(out, AlertKind.REMAINING_LIFE_LOW))
                .singleElement()
                .extracting(AlertCandidate::reason)
                .isEqualTo("remaining life 0.404 hours [0, 1.12] is below the threshold of 1");
    }

    @Test
    void aNoisyEstimateCrossingTheThresholdRaisesOnceAndNeverFlaps() {
        for (long seed = 1; seed <= 20; seed++) {
            List<AlertCandidate> rul = ofKind(declining(PolicySettings.DEFAULT, seed), AlertKind.REMAINING_LIFE_LOW);
            // One RAISED, then only escalations (severity bands rising as the life runs out), no CLEARED.
            assertThat(rul)
                    .as("seed %d", seed)
                    .first()
                    .extracting(AlertCandidate::state)
                    .isEqualTo(State.RAISED);
            assertThat(rul.subList(1, rul.size()))
                    .extracting(AlertCandidate::state)
                    .allMatch(s -> s == State.UPDATED);
            for (int i = 1; i < rul.size(); i++) {
                assertThat(Severity.band(rul.get(i).severity()))
                        .isGreaterThan(Severity.band(rul.get(i - 1).severity()));
                assertThat(rul.get(i).fingerprint()).isEqualTo(rul.get(0).fingerprint());
            }
            AlertCandidate raised = rul.get(0);
            assertThat(raised.prediction().rul()).isLessThan(30);
            assertThat(raised.time()).isBetween(T0.plus(Duration.ofHours(62)), T0.plus(Duration.ofHours(85)));
            assertThat(raised.failureMode()).isEqualTo("bearing");
            assertThat(raised.fingerprint().key()).isEqualTo("plant-a/pump-07/REMAINING_LIFE_LOW/bearing");
        }
    }

    @Test
    void withoutOnDelayAndHysteresisTheSameEstimateFlaps() {
        // The control for the test above: the protection is what prevents the flapping.
        PolicySettings naive = new PolicySettings(30, 0, 1, 1);
        int transitions = 0;
        for (long seed = 1; seed <= 20; seed++) {
            transitions += ofKind(declining(naive, seed), AlertKind.REMAINING_LIFE_LOW).stream()
                    .filter(c -> c.state() != State.UPDATED)
                    .count();
        }
        assertThat(transitions).isGreaterThan(20 + 10);
    }

    @Test
    void aRecoveredAssetClearsOnlyPastThresholdPlusMargin() {
        AlertPolicy policy = new AlertPolicy("plant-a", "pump-07", PolicySettings.DEFAULT);
        List<AlertCandidate> out = new ArrayList<>();
        double[] rul = {25, 24, 22, 21, 35, 38, 39, 38, 36, 41, 42, 45, 120};
        for (int i = 0; i < rul.length; i++) {
            out.addAll(ofKind(policy.onPrediction(prediction(i, rul[i], Map.of())), AlertKind.REMAINING_LIFE_LOW));
        }
        // Raised at the 3rd low step; 35..39 lie inside the band (30, 40]; cleared after 3 steps above 40.
        assertThat(out).extracting(AlertCandidate::state).containsExactly(State.RAISED, State.CLEARED);
        assertThat(out.get(0).time()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(out.get(1).time()).isEqualTo(T0.plus(Duration.ofHours(11)));
        assertThat(out.get(0).failureMode()).isEqualTo(Fingerprint.UNSPECIFIED);
        assertThat(out.get(1).fingerprint()).isEqualTo(out.get(0).fingerprint());
    }

    @Test
    void severityFollowsTheDocumentedBands() {
        assertThat(Severity.remainingLife(30, 30)).isEqualTo(600);
        assertThat(Severity.remainingLife(15, 30)).isEqualTo(800);
        assertThat(Severity.remainingLife(0, 30)).isEqualTo(1000);
        assertThat(Severity.stage(HealthStage.DEGRADING)).isEqualTo(400);
        assertThat(Severity.stage(HealthStage.CRITICAL)).isEqualTo(800);
        assertThat(Severity.limit(0)).isEqualTo(600);
        assertThat(Severity.limit(1)).isEqualTo(800);
        assertThat(Severity.band(599)).isEqualTo(2);
    }

    @Test
    void theStageAlertIsUpdatedWhenItsBandChangesAndKeepsItsFingerprint() {
        AlertPolicy policy = new AlertPolicy("plant-a", "pump-07", new PolicySettings(30, 10, 2, 2));
        List<AlertCandidate> out = new ArrayList<>();
        double[] rul = {70, 60, 50, 28, 25, 20};
        for (int i = 0; i < rul.length; i++) {
            out.addAll(ofKind(policy.onPrediction(prediction(i, rul[i], Map.of("seal", 0.9))), AlertKind.HEALTH_STAGE));
        }
        assertThat(out).extracting(AlertCandidate::state).containsExactly(State.RAISED, State.UPDATED);
        assertThat(out).extracting(AlertCandidate::severity).containsExactly(400, 800);
        assertThat(out.get(1).fingerprint()).isEqualTo(out.get(0).fingerprint());
        assertThat(out.get(0).fingerprint().hash())
                .isEqualTo(Fingerprint.of("plant-a", "pump-07", AlertKind.HEALTH_STAGE, "seal")
                        .hash())
                .hasSize(16);
    }

    @Test
    void anAssetWithNoHistoryRaisesAConditionAlertFromItsLimitsOnDayOne() {
        ChannelLimits velocity =
                ChannelLimits.of("vib_velocity_rms", "mm/s", List.of(1.4, 2.8, 4.5), "ISO 10816-3 group 2 rigid");
        ConditionWatch watch = new ConditionWatch("pump-new", List.of(velocity), Map.of(), WatchSettings.DEFAULT);
        AlertPolicy policy = new AlertPolicy("plant-a", "pump-new", PolicySettings.DEFAULT);
        List<AlertCandidate> out = new ArrayList<>();
        double[] values = {1.2, 3.1, 3.3, 3.4, 4.8, 4.9};
        for (int i = 0; i < values.length; i++) {
            Instant t = T0.plus(Duration.ofMinutes(i));
            List<ConditionFinding> findings = watch.observe(t, Map.of("vib_velocity_rms", values[i]));
            out.addAll(policy.onCondition(t, Set.of("vib_velocity_rms"), findings));
        }
        assertThat(out).extracting(AlertCandidate::state).containsExactly(State.RAISED, State.UPDATED);
        assertThat(out.get(0).kind()).isEqualTo(AlertKind.CONDITION_LIMIT);
        assertThat(out.get(0).severity()).isEqualTo(600);
        assertThat(out.get(0).time()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        assertThat(out.get(0).fingerprint().key())
                .isEqualTo("plant-a/pump-new/CONDITION_LIMIT/channel:vib_velocity_rms");
        assertThat(out.get(1).severity()).isEqualTo(800);
        assertThat(out.get(1).findings())
                .singleElement()
                .extracting(ConditionFinding::zone)
                .isEqualTo("D");
    }

    @Test
    void aChannelThatDidNotReportNeitherRaisesNorClears() {
        ChannelLimits temp = ChannelLimits.of("bearing_temp", "°C", List.of(70.0, 85.0), "vendor datasheet");
        ConditionWatch watch = new ConditionWatch("fan-2", List.of(temp), Map.of(), WatchSettings.DEFAULT);
        AlertPolicy policy = new AlertPolicy("plant-a", "fan-2", new PolicySettings(30, 10, 1, 1));
        Instant t = T0;
        assertThat(policy.onCondition(t, Set.of("bearing_temp"), watch.observe(t, Map.of("bearing_temp", 90.0))))
                .singleElement()
                .extracting(AlertCandidate::state)
                .isEqualTo(State.RAISED);
        assertThat(policy.onCondition(t.plusSeconds(60), Set.of(), List.of())).isEmpty();
        assertThat(policy.onCondition(
                        t.plusSeconds(120),
                        Set.of("bearing_temp"),
                        watch.observe(t.plusSeconds(120), Map.of("bearing_temp", 60.0))))
                .singleElement()
                .extracting(AlertCandidate::state)
                .isEqualTo(State.CLEARED);
    }

    /** Condition candidates of a channel whose baseline is learned, then shifted by 10 scales from step 150 to 199. */
    private static List<AlertCandidate> shifted(PolicySettings settings, java.util.function.IntPredicate scored) {
        ConditionWatch watch = new ConditionWatch("engine-3", List.of(), Map.of("s11", "psia"), WatchSettings.DEFAULT);
        AlertPolicy policy = new AlertPolicy("plant-a", "engine-3", settings);
        Random random = new Random(11);
        List<AlertCandidate> out = new ArrayList<>();
        for (int step = 0; step < 260; step++) {
            Instant t = T0.plus(Duration.ofMinutes(step));
            double v = 47.5 + 0.1 * random.nextGaussian() + (step >= 150 && step < 200 ? 1.0 : 0.0);
            List<ConditionFinding> findings = watch.observe(t, Map.of("s11", v));
            out.addAll(policy.onCondition(t, Set.of("s11"), findings, scored.test(step)));
        }
        return out;
    }

    @Test
    void aChangeOnAnAssetTheModelScoresIsEvidenceNotAnAlertUnlessAsked() {
        PolicySettings settings = new PolicySettings(30, 10, 3, 3);
        assertThat(settings.changeAlerts()).isEqualTo(PolicySettings.ChangeAlerts.UNSCORED_ONLY);
        assertThat(shifted(settings, step -> true)).isEmpty();
        assertThat(shifted(settings, step -> false))
                .extracting(AlertCandidate::kind, AlertCandidate::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AlertKind.CONDITION_CHANGE, State.RAISED),
                        org.assertj.core.groups.Tuple.tuple(AlertKind.CONDITION_CHANGE, State.CLEARED));
        assertThat(shifted(settings.withChangeAlerts(PolicySettings.ChangeAlerts.ALWAYS), step -> true))
                .extracting(AlertCandidate::state)
                .containsExactly(State.RAISED, State.CLEARED);
    }

    @Test
    void aChangeRaisedBeforeTheModelScoredIsHeldUntilTheChannelIsBack() {
        // unscored until step 170 (inside the shift): the open alert neither clears early nor repeats
        List<AlertCandidate> out = shifted(new PolicySettings(30, 10, 3, 3), step -> step >= 170);
        assertThat(out).extracting(AlertCandidate::state).containsExactly(State.RAISED, State.CLEARED);
        assertThat(out.get(1).time()).isAfter(T0.plus(Duration.ofMinutes(200)));
    }

    @Test
    void aStageAlertNeedsTheRemainingLifeEstimateToAgree() {
        // the stage head says degrading while the estimate is still 120 cycles: alone it raises, agreeing it does not
        RemainingLifePrediction early =
                new RemainingLifePrediction(T0, 120, 100, 140, LifeUnit.CYCLE, HealthStage.DEGRADING, Map.of());
        AlertPolicy alone = new AlertPolicy("plant-a", "engine-9", new PolicySettings(30, 10, 1, 1));
        assertThat(alone.onPrediction(early)).extracting(AlertCandidate::kind).containsExactly(AlertKind.HEALTH_STAGE);
        AlertPolicy agreeing =
                new AlertPolicy("plant-a", "engine-9", new PolicySettings(30, 10, 1, 1).withStageAgreeBelow(80));
        assertThat(agreeing.onPrediction(early)).isEmpty();
        RemainingLifePrediction later =
                new RemainingLifePrediction(T0, 70, 50, 90, LifeUnit.CYCLE, HealthStage.DEGRADING, Map.of());
        assertThat(agreeing.onPrediction(later))
                .extracting(AlertCandidate::kind, AlertCandidate::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertKind.HEALTH_STAGE, State.RAISED));
        assertThatThrownBy(() -> new PolicySettings(30, 10, 1, 1).withStageAgreeBelow(0))
                .hasMessageContaining("stageAgreeBelow");
    }

    @Test
    void withAnUpperBoundRuleAnAlertWaitsUntilTheWholeIntervalHasLeftHealthyRunning() {
        // estimate 0.45 h (below the 0.5 h warning) but the interval reaches 0.85 h, above the 0.75 h healthy boundary
        RemainingLifePrediction unsure =
                new RemainingLifePrediction(T0, 0.45, 0.05, 0.85, LifeUnit.HOUR, HealthStage.DEGRADING, Map.of());
        RemainingLifePrediction sure = new RemainingLifePrediction(
                T0.plusSeconds(60), 0.35, 0.0, 0.7, LifeUnit.HOUR, HealthStage.DEGRADING, Map.of());
        PolicySettings pump = new PolicySettings(0.5, 0.125, 1, 1).withStageAgreeBelow(0.75);
        AlertPolicy estimateAlone = new AlertPolicy("plant-a", "pump-3", pump);
        assertThat(estimateAlone.onPrediction(unsure))
                .extracting(AlertCandidate::kind)
                .containsExactlyInAnyOrder(AlertKind.REMAINING_LIFE_LOW, AlertKind.HEALTH_STAGE);

        AlertPolicy upperBound = new AlertPolicy("plant-a", "pump-3", pump.withUpperBelow(0.75));
        assertThat(upperBound.onPrediction(unsure)).isEmpty();
        assertThat(upperBound.onPrediction(sure))
                .extracting(AlertCandidate::kind, AlertCandidate::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(AlertKind.REMAINING_LIFE_LOW, State.RAISED),
                        org.assertj.core.groups.Tuple.tuple(AlertKind.HEALTH_STAGE, State.RAISED));
        assertThat(PolicySettings.DEFAULT.upperBelow()).isInfinite();
        assertThatThrownBy(() -> pump.withUpperBelow(0)).hasMessageContaining("upperBelow must be positive");
    }

    @Test
    void theChangeAlertsModeIsParsedStrictly() {
        assertThat(PolicySettings.ChangeAlerts.parse(" Always ")).isEqualTo(PolicySettings.ChangeAlerts.ALWAYS);
        assertThat(PolicySettings.ChangeAlerts.parse("unscored-only"))
                .isEqualTo(PolicySettings.ChangeAlerts.UNSCORED_ONLY);
        assertThatThrownBy(() -> PolicySettings.ChangeAlerts.parse("never"))
                .hasMessageContaining("'always' or 'unscored-only'");
    }

    @Test
    void badPredictionsAreRejectedPrecisely() {
        assertThatThrownBy(() ->
                        new RemainingLifePrediction(T0, 50, 60, 70, LifeUnit.CYCLE, HealthStage.HEALTHY, Map.of()))
                .hasMessage("prediction at 2026-03-02T00:00:00Z: interval [60.0, 70.0] must contain 50.0");
        assertThatThrownBy(() -> Fingerprint.of("plant/a", "x", AlertKind.HEALTH_STAGE, "m"))
                .hasMessageContaining("no '/'");
    }
}
