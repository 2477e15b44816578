package io.pdm.model.life;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.model.config.SensorConfig;
import io.pdm.model.data.cmapss.ProtocolOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmapssProtocolsTest {
    private static final SensorConfig SENSORS = new SensorConfig(
            5, 15, 128, 3, List.of("healthy", "degrading", "critical"), 125, SensorConfig.Tokenizer.BYTE, 0.1);

    @Test
    void aBaseRecordsItsWindowAndPlantsUseItInsteadOfTheDefaults(@TempDir Path base) throws Exception {
        ProtocolOptions pretrained = ProtocolOptions.defaults().withWindow(50).withCycleChannel(true);
        CmapssProtocols.describe(pretrained, List.of("s2", "s3", "cycle"), SENSORS)
                .write(base);

        LifeProtocol recorded = LifeProtocol.read(base);
        assertThat(recorded.channels()).containsExactly("s2", "s3");
        assertThat(recorded.ageChannel()).isTrue();
        assertThat(recorded.normalisation()).isEqualTo(LifeProtocol.PER_PLANT);
        assertThat(CmapssProtocols.forBase(base).window()).isEqualTo(50);
        assertThat(CmapssProtocols.forBase(base).appendCycle()).isTrue();

        // The old defect: a plant on ProtocolOptions.defaults() (30 cycles) against a 50-cycle base.
        assertThatThrownBy(() -> CmapssProtocols.requireCompatible(
                        base, ProtocolOptions.defaults().withCycleChannel(true), "plant-a"))
                .isInstanceOf(ProtocolMismatchException.class)
                .hasMessage("plant-a uses 30-step windows but the base model was trained with 50-step windows"
                        + " (pdm_protocol.json); use --window 50");
        assertThatThrownBy(() -> CmapssProtocols.requireCompatible(base, pretrained.withCycleChannel(false), "plant-a"))
                .isInstanceOf(ProtocolMismatchException.class)
                .hasMessageContaining("does not append the cycle channel");
        CmapssProtocols.requireCompatible(base, pretrained, "plant-a");
    }

    /**
     * A turbofan base of the life path carries per-regime statistics; the C-MAPSS plant path would refit its own per
     * plant and ignore them, so it refuses the base with the reason instead of training on other inputs.
     */
    @Test
    void aPerRegimeBaseOfTheLifePathIsRefusedByTheCmapssPlantPath(@TempDir Path base) throws Exception {
        RegimeNormalisation regimes = new RegimeNormalisation(
                List.of("setting1"),
                "K_MEANS",
                null,
                new double[][] {{0}, {10}},
                new double[][] {{1, 2}, {3, 4}},
                new double[][] {{1, 1}, {1, 1}},
                new long[] {5, 5});
        new LifeProtocol(
                        "cmapss-turbofan",
                        "CYCLES",
                        1,
                        List.of("s2", "s3"),
                        LifeProtocol.PER_REGIME,
                        new double[] {2, 3},
                        new double[] {1, 1},
                        50,
                        5,
                        true,
                        125,
                        List.of("healthy", "degrading", "critical"),
                        80,
                        30,
                        null,
                        regimes)
                .write(base);

        assertThatThrownBy(() -> CmapssProtocols.forBase(base))
                .isInstanceOf(ProtocolMismatchException.class)
                .hasMessageStartingWith("the base model was pretrained on the asset type's lives with"
                        + " per-regime-z-score normalisation over 2 regimes; the C-MAPSS plant path refits");
    }

    @Test
    void aBaseWithoutAProtocolFileKeepsTheOldDefaults(@TempDir Path base) throws Exception {
        assertThat(CmapssProtocols.forBase(base)).isEqualTo(ProtocolOptions.defaults());
        CmapssProtocols.requireCompatible(base, ProtocolOptions.defaults(), "plant-a");
    }
}
