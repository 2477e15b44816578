package io.pdm.model.cmapss;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.model.data.SharedData;
import io.pdm.model.data.cmapss.ProtocolOptions;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CmapssDataTest {

    @Test
    void pooledTrainingValidatesOnTheLateLifeOfItsHeldOutEngines() throws IOException {
        CmapssData pooled = CmapssData.prepare(
                SharedData.cmapssDir(), "FD001", ProtocolOptions.defaults(), CmapssData.Selection.all(42));
        CmapssData everyCycle = CmapssData.prepare(
                SharedData.cmapssDir(),
                "FD001",
                ProtocolOptions.defaults(),
                new CmapssData.Selection(CmapssData.EngineShare.ALL, 0, CmapssData.VALIDATION_FRACTION, 42));

        // Each held-out engine is cut at its last 151 cycles (150 … 0 left), or at every cycle if it lived fewer.
        assertThat(CmapssData.lateLifeHorizon(125)).isEqualTo(150);
        Map<Integer, Long> lives = Arrays.stream(everyCycle.validation().units())
                .boxed()
                .collect(Collectors.groupingBy(unit -> unit, Collectors.counting()));
        assertThat(lives).hasSize(10);
        assertThat(pooled.validation().count()).isEqualTo((int)
                lives.values().stream().mapToLong(n -> Math.min(n, 151)).sum());
        assertThat(pooled.validation().units())
                .containsOnly(everyCycle.validation().units());
        for (int i = 0; i < pooled.validation().count(); i++) {
            assertThat(pooled.validation().rulTargets()[i]).isBetween(0f, 125f);
        }
    }

    @Test
    void aPlantWithFewEnginesKeepsTheSensorsOfItsWholeShare() throws IOException {
        CmapssData.Selection plant = new CmapssData.Selection(CmapssData.EngineShare.PLANT, 0.2, 0.1, 42);
        CmapssData all = CmapssData.prepare(SharedData.cmapssDir(), "FD003", ProtocolOptions.defaults(), plant);
        CmapssData few = CmapssData.prepare(SharedData.cmapssDir(), "FD003", ProtocolOptions.defaults(), plant, 10);

        assertThat(few.trainingEngines()).hasSize(10);
        assertThat(few.preprocessor().keptSensors())
                .containsExactly(all.preprocessor().keptSensors());
        assertThat(few.training().channels()).isEqualTo(all.training().channels());
        assertThat(few.test().count()).isEqualTo(all.test().count());
        // Fitted on these ten alone, the sensor selection differs: the reason the share's is kept.
        assertThat(io.pdm.model.data.cmapss.CmapssPreprocessor.fit(few.trainingEngines(), ProtocolOptions.defaults())
                        .keptSensors())
                .isNotEqualTo(all.preprocessor().keptSensors());
    }
}
