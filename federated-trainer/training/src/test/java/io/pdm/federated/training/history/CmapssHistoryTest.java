package io.pdm.federated.training.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pdm.federated.TinyBaseModel;
import io.pdm.model.cmapss.CmapssData;
import io.pdm.model.config.SensorConfig;
import io.pdm.model.data.cmapss.CmapssEngine;
import io.pdm.model.data.cmapss.CmapssPreprocessor;
import io.pdm.model.data.cmapss.ProtocolOptions;
import io.pdm.model.life.CmapssProtocols;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federated bench's plants normalise every sensor within its operating condition (the C-MAPSS protocol's answer
 * to the regimes that FD002 and FD004 fly), fitted on the plant's own engines, with the base's window and cycle
 * channel read from the base's protocol file.
 */
class CmapssHistoryTest {
    private static final SensorConfig SENSORS = new SensorConfig(
            5, 15, 128, 3, List.of("healthy", "degrading", "critical"), 125, SensorConfig.Tokenizer.BYTE, 0.1);

    @Test
    void anFd002PlantNormalisesWithinEachOfItsSixOperatingConditions(@TempDir Path base) throws Exception {
        CmapssData data = plantOfABaseWithTheCycleChannel(base, "FD002");
        CmapssPreprocessor pre = data.preprocessor();

        assertThat(pre.conditions().count()).isEqualTo(6);
        double[][] centres = pre.conditions().centres();
        assertThat(centres[0]).containsExactly(new double[] {0, 0, 100}, within(0.01));
        assertThat(centres[5]).containsExactly(new double[] {42, 0.84, 100}, within(0.01));
        assertWithinConditionZScores(data, 6);
        // the base's 50-cycle windows and cycle channel, not the defaults' 30 cycles without it
        assertThat(data.training().length()).isEqualTo(50);
        assertThat(data.training().channels()).isEqualTo(pre.keptSensors().length + 1);
    }

    @Test
    void anFd001PlantHasOneCondition(@TempDir Path base) throws Exception {
        CmapssData data = plantOfABaseWithTheCycleChannel(base, "FD001");

        assertThat(data.preprocessor().conditions().count()).isEqualTo(1);
        assertWithinConditionZScores(data, 1);
    }

    private static CmapssData plantOfABaseWithTheCycleChannel(Path base, String subset) throws Exception {
        ProtocolOptions pretrained = ProtocolOptions.defaults().withWindow(50).withCycleChannel(true);
        CmapssProtocols.describe(pretrained, List.of("s2", "s3", "cycle"), SENSORS)
                .write(base);
        return new CmapssHistory(TinyBaseModel.cmapssDir(), subset)
                .prepare(CmapssProtocols.forBase(base), 0.2, 0.1, 42);
    }

    /**
     * Each kept sensor has mean about 0 and std about 1 inside every condition over the plant's engines (fitted on
     * nine tenths of them, so not exactly); a z-score over all conditions would leave FD002's means several stds apart.
     */
    private static void assertWithinConditionZScores(CmapssData data, int conditions) {
        CmapssPreprocessor pre = data.preprocessor();
        int sensors = pre.keptSensors().length;
        double[][] sum = new double[conditions][sensors];
        double[][] squares = new double[conditions][sensors];
        long[] rows = new long[conditions];
        for (CmapssEngine engine : data.trainingEngines()) {
            float[][] x = pre.transform(engine);
            for (int t = 0; t < x.length; t++) {
                int c = pre.conditions().conditionOf(engine.settings()[t]);
                rows[c]++;
                for (int j = 0; j < sensors; j++) {
                    sum[c][j] += x[t][j];
                    squares[c][j] += x[t][j] * x[t][j];
                }
            }
        }
        for (int c = 0; c < conditions; c++) {
            assertThat(rows[c]).as("rows of condition %d", c).isPositive();
            for (int j = 0; j < sensors; j++) {
                double mean = sum[c][j] / rows[c];
                double std = Math.sqrt(squares[c][j] / rows[c] - mean * mean);
                assertThat(mean).as("condition %d sensor %d mean", c, j).isCloseTo(0, within(0.1));
                assertThat(std).as("condition %d sensor %d std", c, j).isCloseTo(1, within(0.1));
            }
        }
    }
}
