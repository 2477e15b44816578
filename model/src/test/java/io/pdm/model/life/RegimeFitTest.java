package io.pdm.model.life;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.assets.Regimes;
import io.pdm.assets.lives.CmapssLives;
import io.pdm.assets.lives.Life;
import io.pdm.model.data.SharedData;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Regimes learned on the real C-MAPSS FD002 training engines, with the turbofan type's own regime definition. */
class RegimeFitTest {
    /**
     * The six operating conditions of FD002/FD004 as published (Saxena et al. 2008, table 1; altitude in kft, Mach,
     * throttle resolver angle), sorted like the learned centres.
     */
    private static final double[][] PUBLISHED = {
        {0, 0, 100}, {10, 0.25, 100}, {20, 0.70, 100}, {25, 0.62, 60}, {35, 0.84, 100}, {42, 0.84, 100}
    };

    static AssetType turbofan;
    static List<Life> fd002;

    @BeforeAll
    static void read() throws IOException {
        turbofan = AssetTypes.builtIn(CmapssLives.TYPE);
        fd002 = new CmapssLives(SharedData.cmapssDir(), "FD002", CmapssLives.Split.TRAIN).lives();
    }

    private static RegimeNormalisation fit(List<Life> lives, Regimes definition) {
        List<String> model = turbofan.modelChannels();
        return RegimeFit.fit(lives, definition, model, LifeWindows.fitNormalisation(lives, model));
    }

    @Test
    void fd002TrainingEnginesFallIntoTheSixPublishedOperatingConditions() {
        RegimeNormalisation regimes = fit(fd002, turbofan.regimes());

        assertThat(regimes.channels()).containsExactly("setting1", "setting2", "setting3");
        assertThat(regimes.count()).isEqualTo(6);
        double[][] centres = regimes.centres();
        for (int r = 0; r < 6; r++) {
            assertThat(centres[r][0]).as("altitude of regime %d", r).isCloseTo(PUBLISHED[r][0], within(0.01));
            assertThat(centres[r][1]).as("Mach of regime %d", r).isCloseTo(PUBLISHED[r][1], within(0.005));
            assertThat(centres[r][2]).as("throttle of regime %d", r).isCloseTo(PUBLISHED[r][2], within(0.01));
        }
        // Every step of every engine lies within the conditions' noise of its own centre.
        long total = 0;
        for (Life life : fd002) {
            Life ctx = life.select(regimes.channels());
            for (int i = 0; i < ctx.steps(); i++) {
                double[] point = ctx.step(i);
                double[] centre = centres[regimes.regimeOf(point)];
                assertThat(Math.abs(point[0] - centre[0])).isLessThan(0.01);
                assertThat(Math.abs(point[1] - centre[1])).isLessThan(0.005);
                total++;
            }
        }
        assertThat(Arrays.stream(regimes.steps()).sum()).isEqualTo(total);
        long fewest = Arrays.stream(regimes.steps()).min().orElseThrow();
        assertThat(fewest).isGreaterThan(total / 10); // each condition about a sixth of the flights
    }

    @Test
    void roundingToTheScheduleFindsTheSameSixConditions() {
        RegimeNormalisation rounded = fit(
                fd002,
                new Regimes(
                        turbofan.regimes().channels(), Regimes.Method.ROUNDING, null, null, List.of(1.0, 0.01, 1.0)));

        assertThat(rounded.count()).isEqualTo(6);
        double[][] centres = rounded.centres();
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 3; c++) {
                assertThat(centres[r][c]).isCloseTo(PUBLISHED[r][c], within(1e-9)); // 70 × 0.01 is 0.7000000000000001
            }
        }
    }

    @Test
    void withinEachRegimeTheTrainingStepsAreZeroMeanAndUnitStd() {
        RegimeNormalisation regimes = fit(fd002, turbofan.regimes());
        int s2 = turbofan.modelChannels().indexOf("s2");
        double[] sum = new double[6];
        double[] squares = new double[6];
        for (Life life : fd002) {
            Life ctx = life.select(regimes.channels());
            Life model = life.select(turbofan.modelChannels());
            for (int i = 0; i < life.steps(); i++) {
                int r = regimes.regimeOf(ctx.step(i));
                double z = regimes.normalise(r, s2, model.value(i, s2));
                sum[r] += z;
                squares[r] += z * z;
            }
        }
        long[] n = regimes.steps();
        for (int r = 0; r < 6; r++) {
            assertThat(sum[r] / n[r]).isCloseTo(0, within(1e-6));
            assertThat(squares[r] / (n[r] - 1)).isCloseTo(1, within(1e-6));
        }
    }

    @Test
    void oneConditionSubsetsGetOneRegimeAndAContinuousContextIsRefusedWithAHint() throws IOException {
        List<Life> fd001 = new CmapssLives(SharedData.cmapssDir(), "FD001", CmapssLives.Split.TRAIN).lives();
        assertThat(fit(fd001, turbofan.regimes()).count()).isEqualTo(1);

        // s2 drifts continuously over tens of °R: no discrete operating points within 0.1.
        Regimes continuous = new Regimes(List.of("s2"), Regimes.Method.K_MEANS, null, 0.1, null);
        assertThatThrownBy(() -> fit(fd002, continuous))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("do not form at most 64 regimes within a tolerance of 0.1")
                .hasMessageContaining("give a count or a larger tolerance");
    }
}
