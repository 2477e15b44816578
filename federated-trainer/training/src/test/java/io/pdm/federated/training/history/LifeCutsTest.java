package io.pdm.federated.training.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.assets.lives.Life;
import io.pdm.assets.lives.LifeEnd;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifeCutsTest {
    private static final long MIN = 60_000;

    private static Double[] values(double v) {
        return new Double[] {v, 2 * v};
    }

    @Test
    void correctiveEntriesCloseLivesAndTheRunningStretchIsCensored() {
        LifeCuts cuts = new LifeCuts("pump-set", List.of("a", "b"), true, 3, true);
        cuts.endOfLife("p1", 6 * MIN); // repair completed after the pump stopped at minute 4
        for (int m = 1; m <= 4; m++) cuts.window("p1", m * MIN, values(m), 1500.0);
        cuts.window("p1", 5 * MIN, values(5), 0.0); // down: not a step
        cuts.window("p1", 6 * MIN, values(6), 0.0);
        for (int m = 7; m <= 10; m++) cuts.window("p1", m * MIN, values(m), 1500.0);

        LifeCuts.Result result = cuts.finish();

        assertThat(result.lives()).hasSize(2);
        Life first = result.lives().get(0);
        assertThat(first.end()).isEqualTo(LifeEnd.FAILED);
        assertThat(first.steps()).isEqualTo(4);
        assertThat(first.step(3)).containsExactly(4, 8);
        assertThat(first.remaining(0)).isCloseTo(3.0 / 60, org.assertj.core.data.Offset.offset(1e-9));
        Life running = result.lives().get(1);
        assertThat(running.end()).isEqualTo(LifeEnd.CENSORED);
        assertThat(running.steps()).isEqualTo(4);
        assertThat(running.remaining(0)).isNaN();
        assertThat(result.ended()).isEqualTo(1);
        assertThat(result.censored()).isEqualTo(1);
    }

    @Test
    void incompleteWindowsAndShortLivesAreLeftOutAndCounted() {
        LifeCuts cuts = new LifeCuts("pump-set", List.of("a", "b"), false, 3, false);
        cuts.endOfLife("p1", 2 * MIN);
        cuts.endOfLife("p2", 9 * MIN);
        cuts.window("p1", MIN, values(1), null);
        cuts.window("p1", 2 * MIN, values(2), null); // life of two steps: shorter than the window
        cuts.window("p1", 3 * MIN, new Double[] {3.0, null}, null);
        for (int m = 1; m <= 5; m++) cuts.window("p2", m * MIN, values(m), null);

        LifeCuts.Result result = cuts.finish();

        assertThat(result.lives()).singleElement().satisfies(life -> {
            assertThat(life.assetId()).isEqualTo("p2");
            assertThat(life.end()).isEqualTo(LifeEnd.FAILED); // its entry comes after its last window
            assertThat(life.ages()).containsExactly(1, 2, 3, 4, 5); // cycles: steps
        });
        assertThat(result.shortLives()).isEqualTo(1);
        assertThat(result.incompleteWindows()).isEqualTo(1);
    }

    @Test
    void windowsOutOfOrderAreRefused() {
        LifeCuts cuts = new LifeCuts("pump-set", List.of("a", "b"), true, 1, false);
        cuts.window("p1", 2 * MIN, values(1), null);
        assertThatThrownBy(() -> cuts.window("p1", MIN, values(1), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of time order");
    }
}
