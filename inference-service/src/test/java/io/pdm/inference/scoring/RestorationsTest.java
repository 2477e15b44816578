package io.pdm.inference.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A replaced or repaired asset starts a fresh window: learned from the maintenance stamp of its feature vectors. */
class RestorationsTest {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    static Instant minute(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    @Test
    void aNewerReplacementOrRepairRestartsOnceAndInspectionsNever() {
        Restorations r = new Restorations();
        // first sight, last log a repair 10 minutes ago: nothing to restart
        assertThat(r.restored("p1", minute(10), 600.0, "REPAIR")).isFalse();
        // the same entry, stamped on the next windows (seconds grow with the window end, rounding aside)
        assertThat(r.restored("p1", minute(11), 660.0004, "REPAIR")).isFalse();
        assertThat(r.restored("p1", minute(12), 720.0, "repair")).isFalse();
        // an inspection and a lubrication leave the machine as it was
        assertThat(r.restored("p1", minute(13), 30.0, "INSPECTION")).isFalse();
        assertThat(r.restored("p1", minute(14), 10.0, "LUBRICATION")).isFalse();
        // a replacement 30 s before the window's end: a new machine, reported by the first vector only
        assertThat(r.restored("p1", minute(15), 30.0, "REPLACEMENT")).isTrue();
        assertThat(r.restored("p1", minute(16), 90.0, "REPLACEMENT")).isFalse();
        // vectors without a maintenance stamp restart nothing
        assertThat(r.restored("p1", minute(17), null, null)).isFalse();
        assertThat(r.restored("p1", minute(18), 1.0, null)).isFalse();
    }

    @Test
    void anAssetFirstSeenWithoutAnyLogRestartsOnItsFirstRepair() {
        Restorations r = new Restorations();
        assertThat(r.restored("p2", minute(1), null, null)).isFalse();
        assertThat(r.restored("p2", minute(2), 5.0, "REPLACEMENT")).isTrue();
        r.forget("p2");
        assertThat(r.restored("p2", minute(3), 65.0, "REPLACEMENT"))
                .as("back after a rebalance")
                .isFalse();
    }

    @Test
    void theRestoredMachinesWindowHoldsNoneOfTheFailedOnesStepsAndIsPaddedAgain() {
        AssetWindows windows = new AssetWindows(List.of("a"), 3, Duration.ofMinutes(2));
        Restorations r = new Restorations();
        for (int m = 1; m <= 5; m++) {
            boolean restored = r.restored("p1", minute(m), null, null);
            windows.add(new StepInput("p1", minute(m), Map.of("a", 100.0 + m), null), restored);
        }
        assertThat(windows.history("p1")).isEqualTo(5);
        assertThat(windows.current("p1").orElseThrow().quality()).isEmpty();

        boolean restored = r.restored("p1", minute(6), 20.0, "REPLACEMENT");
        assertThat(restored).isTrue();
        ScoringInput fresh = windows.add(new StepInput("p1", minute(6), Map.of("a", 1.0), null), restored)
                .orElseThrow();
        assertThat(fresh.values()).isDeepEqualTo(new double[][] {{1.0}});
        assertThat(fresh.quality()).contains(ScoringInput.Quality.SHORT_HISTORY);
        assertThat(windows.history("p1")).isEqualTo(1);

        // a replay of an older step after the restart is still ignored and restarts nothing
        assertThat(windows.add(new StepInput("p1", minute(5), Map.of("a", 9.0), null), true))
                .isEmpty();
        assertThat(windows.history("p1")).isEqualTo(1);
        windows.add(
                new StepInput("p1", minute(7), Map.of("a", 2.0), null),
                r.restored("p1", minute(7), 80.0, "REPLACEMENT"));
        assertThat(windows.history("p1")).isEqualTo(2);
        assertThat(windows.current("p1").orElseThrow().values()).isDeepEqualTo(new double[][] {{1.0}, {2.0}});
    }
}
