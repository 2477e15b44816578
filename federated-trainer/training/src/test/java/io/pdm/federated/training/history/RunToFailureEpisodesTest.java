package io.pdm.federated.training.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.model.data.cmapss.CmapssEngine;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How stored cycles and end-of-life entries become run-to-failure lives. */
class RunToFailureEpisodesTest {

    /** Every channel of the cycle set to {@code value}, so a life's rows show which cycles it holds. */
    private static Map<String, Double> cycle(double value) {
        Map<String, Double> values = new HashMap<>();
        RunToFailureEpisodes.channels().forEach(channel -> values.put(channel, value));
        return values;
    }

    private static float[] firstSensorPerCycle(CmapssEngine engine) {
        float[][] sensors = engine.sensors();
        float[] first = new float[sensors.length];
        for (int i = 0; i < sensors.length; i++) {
            first[i] = sensors[i][0];
        }
        return first;
    }

    @Test
    void endsOfLifeBetweenAtAndAfterCyclesCloseLivesAndRunningLivesAreCensored() {
        RunToFailureEpisodes episodes = new RunToFailureEpisodes()
                .endOfLife("a", 25) // between cycles 20 and 30
                .endOfLife("a", 50) // at cycle 50
                .endOfLife("b", 999); // after b's last cycle
        for (long ts = 10; ts <= 70; ts += 10) {
            episodes.cycle("a", ts, cycle(ts));
            episodes.cycle("b", ts, cycle(-ts));
        }
        episodes.cycle("c", 10, cycle(1)); // no end of life: still running

        RunToFailureEpisodes.Result result = episodes.episodes();

        assertThat(result.engines()).hasSize(3);
        assertThat(firstSensorPerCycle(result.engines().get(0))).containsExactly(10, 20);
        assertThat(firstSensorPerCycle(result.engines().get(1))).containsExactly(30, 40, 50);
        assertThat(firstSensorPerCycle(result.engines().get(2))).containsExactly(-10, -20, -30, -40, -50, -60, -70);
        assertThat(result.engines()).extracting(CmapssEngine::unit).containsExactly(1, 2, 3);
        assertThat(result.engines().get(0).settings()[0]).containsExactly(10, 10, 10);
        assertThat(result.censoredCycles()).isEqualTo(2 + 1); // a's 60 and 70, c's 10
        assertThat(result.incompleteCycles()).isZero();
    }

    @Test
    void skipsAndCountsCyclesMissingAChannelOrNotFinite() {
        RunToFailureEpisodes episodes = new RunToFailureEpisodes().endOfLife("a", 40);
        Map<String, Double> missing = cycle(2);
        missing.remove("s7");
        Map<String, Double> notFinite = cycle(3);
        notFinite.put("setting2", Double.NaN);
        Map<String, Double> extra = cycle(4);
        extra.put("vibration_rms", 9.0);
        episodes.cycle("a", 10, cycle(1));
        episodes.cycle("a", 20, missing);
        episodes.cycle("a", 30, notFinite);
        episodes.cycle("a", 40, extra);

        RunToFailureEpisodes.Result result = episodes.episodes();

        assertThat(result.engines()).hasSize(1);
        assertThat(firstSensorPerCycle(result.engines().get(0))).containsExactly(1, 4);
        assertThat(result.incompleteCycles()).isEqualTo(2);
    }

    @Test
    void refusesCyclesOutOfTimeOrder() {
        RunToFailureEpisodes episodes = new RunToFailureEpisodes();
        episodes.cycle("a", 20, cycle(1));
        assertThatThrownBy(() -> episodes.cycle("a", 20, cycle(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asset a");
        assertThat(RunToFailureEpisodes.channels())
                .hasSize(24)
                .startsWith("setting1")
                .endsWith("s21");
        assertThat(List.of("s1", "setting3").stream().allMatch(RunToFailureEpisodes::isChannel))
                .isTrue();
        assertThat(RunToFailureEpisodes.isChannel("vibration_rms")).isFalse();
    }
}
