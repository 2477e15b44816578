package io.pdm.model.cmapss;

import io.pdm.model.data.SharedData;
import io.pdm.model.data.cmapss.ProtocolOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CmapssDataTest {

    @Test
    void pooledTrainingValidatesOnTheLateLifeOfItsHeldOutEngines() throws IOException {
        CmapssData pooled = CmapssData.prepare(SharedData.cmapssDir(), "FD001", ProtocolOptions.defaults(),
                CmapssData.Selection.all(42));
        CmapssData everyCycle = CmapssData.prepare(SharedData.cmapssDir(), "FD001", ProtocolOptions.defaults(),
                new CmapssData.Selection(CmapssData.EngineShare.ALL, 0, CmapssData.VALIDATION_FRACTION, 42));

        // Each held-out engine is cut at its last 151 cycles (150 … 0 left), or at every cycle if it lived fewer.
        assertThat(CmapssData.lateLifeHorizon(125)).isEqualTo(150);
        Map<Integer, Long> lives = Arrays.stream(everyCycle.validation().units()).boxed()
                .collect(Collectors.groupingBy(unit -> unit, Collectors.counting()));
        assertThat(lives).hasSize(10);
        assertThat(pooled.validation().count()).isEqualTo((int) lives.values().stream().mapToLong(n -> Math.min(n, 151)).sum());
        assertThat(pooled.validation().units()).containsOnly(everyCycle.validation().units());
        for (int i = 0; i < pooled.validation().count(); i++) {
            assertThat(pooled.validation().rulTargets()[i]).isBetween(0f, 125f);
        }
    }
}
