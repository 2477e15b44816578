package io.pdm.inference.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssetWindowsTest {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    final AssetWindows windows = new AssetWindows(List.of("a", "b"), 3, Duration.ofMinutes(2));

    static StepInput step(String asset, int minute, Map<String, Double> values) {
        return new StepInput(asset, T0.plusSeconds(60L * minute), values, null);
    }

    @Test
    void keepsTheNewestStepsInOrderAndFlagsAShortHistory() {
        ScoringInput first =
                windows.add(step("p1", 1, Map.of("a", 1.0, "b", 10.0))).orElseThrow();
        assertThat(first.steps()).isEqualTo(1);
        assertThat(first.quality()).containsExactly(ScoringInput.Quality.SHORT_HISTORY);
        for (int m = 2; m <= 5; m++) windows.add(step("p1", m, Map.of("a", (double) m, "b", 10.0 * m)));
        ScoringInput w = windows.current("p1").orElseThrow();
        assertThat(w.steps()).isEqualTo(3);
        assertThat(w.values()).isDeepEqualTo(new double[][] {{3, 30}, {4, 40}, {5, 50}});
        assertThat(w.quality()).isEmpty();
        assertThat(w.end()).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void aStepThatIsNotNewerIsNeverScoredTwice() {
        windows.add(step("p1", 5, Map.of("a", 1.0, "b", 2.0)));
        assertThat(windows.add(step("p1", 5, Map.of("a", 9.0, "b", 9.0)))).isEmpty();
        assertThat(windows.add(step("p1", 4, Map.of("a", 9.0, "b", 9.0)))).isEmpty();
        assertThat(windows.current("p1").orElseThrow().latest()).containsExactly(1.0, 2.0);
    }

    @Test
    void missingChannelsAreFilledForwardAndFlagged() {
        windows.add(step("p1", 1, Map.of("a", 1.0, "b", 2.0)));
        ScoringInput w = windows.add(step("p1", 2, Map.of("a", 3.0))).orElseThrow();
        assertThat(w.latest()).containsExactly(3.0, 2.0);
        assertThat(w.missing()).containsExactly("b");
        assertThat(w.quality()).contains(ScoringInput.Quality.MISSING_CHANNELS);
    }

    @Test
    void aChannelNeverSeenStaysNaNAndAChannelFirstSeenLateIsBackfilled() {
        windows.add(step("p1", 1, Map.of("a", 1.0)));
        ScoringInput w = windows.add(step("p1", 2, Map.of("a", 2.0, "b", 7.0))).orElseThrow();
        assertThat(w.values()[0][1]).isEqualTo(7.0);
        ScoringInput other = windows.add(step("p2", 1, Map.of("a", 1.0))).orElseThrow();
        assertThat(other.latest()[1]).isNaN();
    }

    @Test
    void aGapLongerThanTheCadenceAllowsIsStale() {
        windows.add(step("p1", 1, Map.of("a", 1.0, "b", 1.0)));
        ScoringInput w = windows.add(step("p1", 10, Map.of("a", 1.0, "b", 1.0))).orElseThrow();
        assertThat(w.quality()).contains(ScoringInput.Quality.STALE);
    }

    @Test
    void assetsAreIndependent() {
        windows.add(step("p1", 5, Map.of("a", 1.0, "b", 1.0)));
        assertThat(windows.add(step("p2", 1, Map.of("a", 1.0, "b", 1.0)))).isPresent();
        assertThat(windows.assets()).containsExactlyInAnyOrder("p1", "p2");
    }
}
