package io.pdm.inference.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.inference.condition.ConditionFinding.Direction;
import io.pdm.inference.condition.ConditionFinding.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConditionWatchTest {
    private static final Instant START = Instant.parse("2026-03-02T06:00:00Z");
    /** ISO 10816-3, group 2 machines on rigid foundations: A/B 1.4, B/C 2.8, C/D 4.5 mm/s RMS. */
    private static final ChannelLimits VELOCITY =
            ChannelLimits.of("vib_velocity_rms", "mm/s", List.of(1.4, 2.8, 4.5), "ISO 10816-3 group 2 rigid");

    private static final WatchSettings TWO_HOURS = WatchSettings.DEFAULT.withBaselineWindows(120);

    private static Instant minute(int i) {
        return START.plus(Duration.ofMinutes(i));
    }

    private static List<ConditionFinding> run(ConditionWatch watch, String channel, double[] series) {
        List<ConditionFinding> all = new ArrayList<>();
        for (int i = 0; i < series.length; i++) {
            all.addAll(watch.observe(minute(i), Map.of(channel, series[i])));
        }
        return all;
    }

    private static double[] noisy(int n, double mean, double sd, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = mean + sd * random.nextGaussian();
        }
        return values;
    }

    @Test
    void aHealthyNoisySeriesRaisesNothing() {
        // 2 h of baseline and 8 h of watch, heavy-ish noise, several seeds: no limit, no change.
        for (long seed = 1; seed <= 5; seed++) {
            ConditionWatch watch = new ConditionWatch("pump-07", List.of(VELOCITY), Map.of(), TWO_HOURS);
            assertThat(run(watch, "vib_velocity_rms", noisy(600, 1.1, 0.08, seed)))
                    .as("seed %d", seed)
                    .isEmpty();
        }
    }

    @Test
    void aStepRaisesAChangeSoonAfterItHappens() {
        ConditionWatch watch = new ConditionWatch("pump-07", List.of(VELOCITY), Map.of(), TWO_HOURS);
        double[] series = noisy(300, 1.1, 0.08, 7);
        for (int i = 200; i < series.length; i++) {
            series[i] += 0.24; // a three-sigma step, still in zone A/B: only the baseline can see it
        }
        List<ConditionFinding> findings = run(watch, "vib_velocity_rms", series);
        assertThat(findings).isNotEmpty().allSatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Kind.CHANGE);
            assertThat(f.direction()).isEqualTo(Direction.UP);
            assertThat(f.unit()).isEqualTo("mm/s");
        });
        Instant first = findings.get(0).time();
        assertThat(first).isBetween(minute(200), minute(210));
        assertThat(findings.get(0).baseline().median()).isCloseTo(1.1, org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void aSlowDriftRaisesAChange() {
        ConditionWatch watch = new ConditionWatch("fan-2", List.of(), Map.of("bearing_temp", "°C"), TWO_HOURS);
        double[] series = noisy(480, 41, 0.5, 3);
        for (int i = 180; i < series.length; i++) {
            series[i] -= 0.01 * (i - 180); // cooling drift of 0.6 °C per hour
        }
        List<ConditionFinding> findings = run(watch, "bearing_temp", series);
        assertThat(findings).isNotEmpty();
        assertThat(findings.get(0).direction()).isEqualTo(Direction.DOWN);
        assertThat(findings.get(0).unit()).isEqualTo("°C");
        assertThat(findings.get(0).time()).isAfter(minute(180)).isBefore(minute(480));
    }

    @Test
    void aValuePastABoundaryRaisesALimitFromTheFirstWindowBeforeAnyBaseline() {
        ConditionWatch watch = new ConditionWatch("pump-new", List.of(VELOCITY), Map.of(), TWO_HOURS);
        List<ConditionFinding> findings = watch.observe(START, Map.of("vib_velocity_rms", 5.2));
        assertThat(watch.baseline("vib_velocity_rms")).isEmpty();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Kind.LIMIT);
            assertThat(f.zone()).isEqualTo("D");
            assertThat(f.boundary()).isEqualTo(4.5);
            assertThat(f.standard()).isEqualTo("ISO 10816-3 group 2 rigid");
            assertThat(f.baseline()).isNull();
            assertThat(f.value()).isEqualTo(5.2);
        });
    }

    @Test
    void aLimitClearsOnlyPastTheMarginSoAHoveringValueDoesNotFlap() {
        ConditionWatch watch = new ConditionWatch("pump-07", List.of(VELOCITY), Map.of(), TWO_HOURS);
        // Zone C starts at 2.8; with a 5 % margin it clears below 2.66.
        double[] hovering = {2.85, 2.79, 2.81, 2.70, 2.84, 2.67};
        for (int i = 0; i < hovering.length; i++) {
            assertThat(watch.observe(minute(i), Map.of("vib_velocity_rms", hovering[i])))
                    .as("window %d at %s mm/s", i, hovering[i])
                    .singleElement()
                    .extracting(ConditionFinding::zone)
                    .isEqualTo("C");
        }
        assertThat(watch.observe(minute(6), Map.of("vib_velocity_rms", 2.6))).isEmpty();
        assertThat(watch.observe(minute(7), Map.of("vib_velocity_rms", 2.79))).isEmpty();
    }

    @Test
    void badInputIsRejectedWithAPreciseMessageAndChangesNothing() {
        ConditionWatch watch = new ConditionWatch("pump-07", List.of(VELOCITY), Map.of(), TWO_HOURS);
        watch.observe(minute(5), Map.of("vib_velocity_rms", 1.0));
        assertThatThrownBy(() -> watch.observe(minute(6), Map.of("vib_velocity_rms", Double.NaN)))
                .hasMessage("pump-07/vib_velocity_rms at 2026-03-02T06:06:00Z: value NaN is not a finite number");
        assertThatThrownBy(() -> watch.observe(minute(4), Map.of("vib_velocity_rms", 1.0)))
                .hasMessageContaining("older than the previous one");
        assertThatThrownBy(() -> ChannelLimits.of("v", "mm/s", List.of(2.8, 1.4), "x"))
                .hasMessageContaining("strictly ascending");
    }

    @Test
    void aConstantChannelGetsAScaleFloorInsteadOfInfiniteZScores() {
        Baseline b = Baseline.learn(new double[] {50, 50, 50, 50}, 1e-9);
        assertThat(b.scale()).isEqualTo(0.05);
        assertThat(b.z(50.1)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    }
}
