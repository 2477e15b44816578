package io.pdm.assets.lives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLivesTest {
    private static final String GEARBOX = """
            {"id": "gearbox", "name": "Gearbox", "step": {"cadence": "CYCLE"}, "window": 4, "lifeUnit": "CYCLES",
             "channels": [{"name": "oil_temp", "unit": "°C", "source": "SNAPSHOT_SENSOR"},
                          {"name": "vib", "unit": "mm/s", "source": "SNAPSHOT_SENSOR"}],
             "thresholds": {"remainingLife": {"warning": 20, "alarm": 5},
                            "healthStage": {"healthyAbove": 30, "degradingAbove": 10}}}
            """;

    @Test
    void readsLivesWithDefaultsForAgeAndRemainingLife(@TempDir Path dir) throws IOException {
        AssetType gearbox = AssetTypes.parse(GEARBOX, "gearbox", false);
        Path csv = dir.resolve("lives.csv");
        Files.writeString(csv, """
                life_id,step,vib,oil_temp,end,extra
                g1,1,1.0,40,,x
                g1,2,1.5,41,,x
                g1,3,2.5,45,FAILED,x
                g2,5,1.1,39,,x
                g2,6,1.2,39.5,CENSORED,x
                """);

        List<Life> lives = new CsvLives(csv, gearbox).lives();

        assertThat(lives).hasSize(2);
        Life g1 = lives.get(0);
        assertThat(g1.channels()).containsExactly("oil_temp", "vib");
        assertThat(g1.step(2)).containsExactly(45, 2.5);
        assertThat(g1.end()).isEqualTo(LifeEnd.FAILED);
        assertThat(g1.remaining(0)).isEqualTo(2);
        Life g2 = lives.get(1);
        assertThat(g2.ages()).containsExactly(5, 6);
        assertThat(g2.end()).isEqualTo(LifeEnd.CENSORED);
        assertThat(g2.remaining(0)).isNaN();
        assertThat(g2.observedAfter(0)).isEqualTo(1);
    }

    @Test
    void whatIsWrittenReadsBackTheSame(@TempDir Path dir) throws IOException {
        AssetType gearbox = AssetTypes.parse(GEARBOX, "gearbox", false);
        List<Life> lives = List.of(
                new Life(
                        "a",
                        "gb-1",
                        "gearbox",
                        List.of("oil_temp", "vib"),
                        new double[][] {{40, 1}, {41, 2}},
                        new double[] {1, 2},
                        LifeEnd.FAILED,
                        0.5),
                new Life(
                        "b",
                        "gb-2",
                        "gearbox",
                        List.of("oil_temp", "vib"),
                        new double[][] {{40, 1}},
                        new double[] {7},
                        LifeEnd.CENSORED,
                        12.0));
        Path csv = dir.resolve("lives.csv");

        CsvLives.write(lives, csv);

        assertThat(new CsvLives(csv, gearbox).lives()).isEqualTo(lives);
    }

    @Test
    void errorsNameLineAndColumn(@TempDir Path dir) throws IOException {
        AssetType gearbox = AssetTypes.parse(GEARBOX, "gearbox", false);
        Path csv = dir.resolve("lives.csv");

        Files.writeString(csv, "life_id,step,vib,end\ng1,1,1.0,FAILED\n");
        assertThatThrownBy(() -> new CsvLives(csv, gearbox).lives())
                .isInstanceOf(LifeFormatException.class)
                .hasMessageStartingWith(csv + ":1: no column 'oil_temp'");

        Files.writeString(csv, "life_id,step,vib,oil_temp,end\ng1,1,1.0,40,\ng1,2,abc,40,FAILED\n");
        assertThatThrownBy(() -> new CsvLives(csv, gearbox).lives())
                .hasMessage(csv + ":3: column 'vib' (3): not a number: 'abc'");

        Files.writeString(csv, "life_id,step,vib,oil_temp,end\ng1,2,1.0,40,\ng1,2,1.0,40,FAILED\n");
        assertThatThrownBy(() -> new CsvLives(csv, gearbox).lives())
                .hasMessage(csv + ":3: column 'step' (2): step 2 does not increase from 2");

        Files.writeString(csv, "life_id,step,vib,oil_temp,end\ng1,1,1.0,40,\ng2,1,1.0,40,BROKEN\n");
        assertThatThrownBy(() -> new CsvLives(csv, gearbox).lives())
                .hasMessage(csv + ":2: column 'end' (5): the last row of life 'g1' must say FAILED or CENSORED");
    }
}
