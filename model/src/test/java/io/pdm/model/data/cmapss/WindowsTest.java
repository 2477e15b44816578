package io.pdm.model.data.cmapss;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.model.data.SharedData;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WindowsTest {
    private static CmapssSubset fd001;
    private static CmapssPreprocessor preprocessor;

    @BeforeAll
    static void fit() {
        fd001 = SharedData.cmapss("FD001");
        preprocessor = CmapssPreprocessor.fit(fd001.train(), ProtocolOptions.defaults());
    }

    @Test
    void longWindowsStillStartTrainingAtCycle15SoTheyAreTheMostPadded() {
        assertThat(Windows.firstTrainingEnd(1)).isEqualTo(1);
        assertThat(Windows.firstTrainingEnd(10)).isEqualTo(5);
        assertThat(Windows.firstTrainingEnd(30)).isEqualTo(15);
        assertThat(Windows.firstTrainingEnd(50)).isEqualTo(15);
    }

    @Test
    void trainingGivesOneWindowEndingAtEveryCycleFromHalfTheWindowLengthOn() {
        WindowSet windows = Windows.training(fd001.train(), preprocessor, 30, 1, 125);

        // 17,731 full windows (the usual count) plus 15 left-padded ones per engine.
        int expected = fd001.train().stream().mapToInt(e -> e.cycles() - 14).sum();
        assertThat(expected).isEqualTo(17_731 + 15 * 100);
        assertThat(windows.count()).isEqualTo(expected);
        assertThat(windows.values()).hasSize(expected * 30 * 14);
    }

    @Test
    void shortTrainingWindowsArePaddedWithTheFirstCycle() {
        WindowSet windows = Windows.training(fd001.train(), preprocessor, 30, 1, 125);
        float[][] normalised = preprocessor.transform(fd001.train().get(0));

        float[][] first = windows.window(0);
        assertThat(windows.endCycles()[0]).isEqualTo(15);
        assertThat(first[0]).containsExactly(normalised[0]);
        assertThat(first[15]).containsExactly(normalised[0]);
        assertThat(first[29]).containsExactly(normalised[14]);
    }

    @Test
    void strideSkipsWindowEnds() {
        WindowSet windows = Windows.training(fd001.train(), preprocessor, 30, 10, 125);

        int expected =
                fd001.train().stream().mapToInt(e -> (e.cycles() - 15) / 10 + 1).sum();
        assertThat(windows.count()).isEqualTo(expected);
        assertThat(Arrays.copyOf(windows.endCycles(), 3)).containsExactly(15, 25, 35);
    }

    @Test
    void trainingTargetsArePiecewiseLinearAndCapped() {
        WindowSet windows = Windows.training(fd001.train(), preprocessor);
        CmapssEngine first = fd001.train().get(0);
        int firstEngineWindows = first.cycles() - 14;

        float[] targets = Arrays.copyOf(windows.rulTargets(), firstEngineWindows);
        assertThat(targets[0]).isEqualTo(125f);
        assertThat(targets[firstEngineWindows - 1]).isZero();
        for (int i = 0; i < windows.count(); i++) {
            assertThat(windows.rulTargets()[i]).isLessThanOrEqualTo(125f);
        }
        for (int i = 1; i < firstEngineWindows; i++) {
            float step = targets[i] - targets[i - 1];
            assertThat(step).isIn(0f, -1f);
        }
        // the ramp starts exactly 125 cycles before failure
        assertThat(windows.rulTargets()[first.cycles() - 125 - 15]).isEqualTo(125f);
        assertThat(windows.rulTargets()[first.cycles() - 124 - 15]).isEqualTo(124f);
    }

    @Test
    void windowHoldsTheNormalisedCyclesBeforeItsEnd() {
        WindowSet windows = Windows.training(fd001.train(), preprocessor);
        float[][] normalised = preprocessor.transform(fd001.train().get(0));

        float[][] fifth = windows.window(19);
        assertThat(windows.endCycles()[19]).isEqualTo(34);
        assertThat(fifth[0]).containsExactly(normalised[4]);
        assertThat(fifth[29]).containsExactly(normalised[33]);
    }

    @Test
    void lastPerEngineTakesEachTestEnginesLastWindowWithCappedTrueRul() {
        WindowSet windows = Windows.lastPerEngine(fd001.test(), fd001.testRul(), preprocessor);

        assertThat(windows.count()).isEqualTo(100);
        assertThat(windows.endCycles()[0]).isEqualTo(fd001.test().get(0).cycles());
        assertThat(windows.rulTargets()[0]).isEqualTo(112f);
        assertThat(Arrays.stream(fd001.testRul()).max().orElseThrow()).isEqualTo(145);
        assertThat(max(windows.rulTargets())).isEqualTo(125f);
    }

    @Test
    void evaluationTargetsCanBeLeftUncapped() {
        WindowSet windows = Windows.lastPerEngine(fd001.test(), fd001.testRul(), preprocessor, 30, 125, false);

        assertThat(max(windows.rulTargets())).isEqualTo(145f);
    }

    @Test
    void shortEnginesAreLeftPaddedWithTheirFirstCycle() {
        CmapssEngine threeCycles = engine(7, 3);
        float[][] normalised = preprocessor.transform(threeCycles);

        WindowSet windows = Windows.lastPerEngine(List.of(threeCycles), new int[] {50}, preprocessor, 5, 125);

        assertThat(windows.window(0))
                .isDeepEqualTo(
                        new float[][] {normalised[0], normalised[0], normalised[0], normalised[1], normalised[2]});
        assertThat(windows.units()).containsExactly(7);
        assertThat(windows.endCycles()).containsExactly(3);
    }

    @Test
    void realShortTestEnginesOfFd002ArePadded() {
        CmapssSubset fd002 = SharedData.cmapss("FD002");
        CmapssPreprocessor fitted = CmapssPreprocessor.fit(fd002.train(), ProtocolOptions.defaults());

        WindowSet windows = Windows.lastPerEngine(fd002.test(), fd002.testRul(), fitted);

        long shortEngines = fd002.test().stream().filter(e -> e.cycles() < 30).count();
        assertThat(shortEngines).isEqualTo(6);
        assertThat(windows.count()).isEqualTo(259);
    }

    @Test
    void validationWindowsCutEachEngineAtSeededPoints() {
        List<CmapssEngine> held = fd001.train().subList(0, 10);

        WindowSet windows = Windows.validationWindows(held, preprocessor, 30, 125, 5, 42);
        WindowSet again = Windows.validationWindows(held, preprocessor, 30, 125, 5, 42);
        WindowSet otherSeed = Windows.validationWindows(held, preprocessor, 30, 125, 5, 43);

        assertThat(windows.count()).isEqualTo(50);
        assertThat(again.endCycles()).containsExactly(windows.endCycles());
        assertThat(otherSeed.endCycles()).isNotEqualTo(windows.endCycles());
        for (int i = 0; i < windows.count(); i++) {
            CmapssEngine engine = held.get(i / 5);
            assertThat(windows.units()[i]).isEqualTo(engine.unit());
            assertThat(windows.rulTargets()[i]).isEqualTo(Math.min(125f, engine.cycles() - windows.endCycles()[i]));
        }
    }

    @Test
    void lateLifeValidationCutsEveryEngineAtTheSameRemainingLives() {
        List<CmapssEngine> held = List.of(engine(1, 180), engine(2, 120));

        WindowSet windows = Windows.lateLifeWindows(held, preprocessor, 30, 125, 150);

        // 151 cuts (150 … 0 cycles left) of the long engine, every cycle of the one shorter than that.
        assertThat(windows.count()).isEqualTo(151 + 120);
        assertThat(windows.endCycles()[0]).isEqualTo(30);
        assertThat(windows.endCycles()[150]).isEqualTo(180);
        assertThat(windows.endCycles()[151]).isEqualTo(1);
        assertThat(windows.rulTargets()[0]).isEqualTo(125f);
        assertThat(windows.rulTargets()[150]).isEqualTo(0f);
        assertThat(max(windows.rulTargets())).isEqualTo(125f);
    }

    @Test
    void validationCutsOfAnEngineDoNotDependOnTheOtherEngines() {
        List<CmapssEngine> train = fd001.train();
        WindowSet alone = Windows.validationWindows(train.subList(3, 4), preprocessor, 30, 125, 4, 42);
        WindowSet withOthers = Windows.validationWindows(train.subList(0, 4), preprocessor, 30, 125, 4, 42);

        assertThat(Arrays.copyOfRange(withOthers.endCycles(), 12, 16)).containsExactly(alone.endCycles());
    }

    private static CmapssEngine engine(int unit, int cycles) {
        CmapssEngine template = fd001.train().get(0);
        return new CmapssEngine(
                unit,
                Arrays.copyOf(template.settings(), cycles),
                Arrays.copyOfRange(template.sensors(), 10, 10 + cycles));
    }

    private static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
