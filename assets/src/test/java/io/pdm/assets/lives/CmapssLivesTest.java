package io.pdm.assets.lives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmapssLivesTest {
    static final Path DIR = Path.of(System.getProperty("pdm.shared.data", "../../shared/data"), "cmapss");

    @Test
    void trainingEnginesAreFailedLivesWithCyclesAsAges() throws IOException {
        List<Life> train = new CmapssLives(DIR, "fd001", CmapssLives.Split.TRAIN).lives();

        assertThat(train).hasSize(100);
        assertThat(train.stream().mapToInt(Life::steps).sum()).isEqualTo(20_631);
        Life first = train.get(0);
        assertThat(first.lifeId()).isEqualTo("train_FD001/1");
        assertThat(first.assetId()).isEqualTo("engine-001");
        assertThat(CmapssLives.unit(first)).isEqualTo(1);
        assertThat(first.end()).isEqualTo(LifeEnd.FAILED);
        assertThat(first.steps()).isEqualTo(192);
        // "1 1 -0.0007 -0.0004 100.0 518.67 641.82 … 23.4190"
        assertThat(first.step(0)).startsWith(-0.0007, -0.0004, 100.0, 518.67, 641.82);
        assertThat(first.value(0, first.channels().indexOf("s21"))).isEqualTo(23.4190);
        assertThat(first.remaining(0)).isEqualTo(191);
        assertThat(first.remaining(191)).isZero();
    }

    @Test
    void testEnginesAreCensoredWithTheTrueRemainingLife() throws IOException {
        List<Life> test = new CmapssLives(DIR, "FD001", CmapssLives.Split.TEST).lives();
        int[] rul = CmapssLives.readRul(DIR.resolve("RUL_FD001.txt"));

        assertThat(test).hasSize(100);
        assertThat(test.stream().mapToInt(Life::steps).sum()).isEqualTo(13_096);
        assertThat(test).allMatch(l -> l.end() == LifeEnd.CENSORED);
        assertThat(test.get(0).remaining(test.get(0).steps() - 1)).isEqualTo(rul[0]);
    }

    @Test
    void malformedFilesAreReportedWithFileAndLine(@TempDir Path dir) throws IOException {
        String row = "1 1 -0.0007 -0.0004 100.0 518.67 641.82 1589.70 1400.60 14.62 21.61 554.36 2388.06 9046.19"
                + " 1.30 47.47 521.66 2388.02 8138.62 8.4195 0.03 392 2388 100.00 39.06 23.4190 ";
        Path file = dir.resolve("train_FD001.txt");

        Files.writeString(file, row + "\n1 2 0.1 0.2\n");
        assertThatThrownBy(() -> CmapssLives.read(file, LifeEnd.FAILED, null))
                .isInstanceOf(LifeFormatException.class)
                .hasMessage(file + ":2: expected 26 columns, found 4");

        Files.writeString(file, row + "\n" + row.replaceFirst("^1 1 ", "1 3 "));
        assertThatThrownBy(() -> CmapssLives.read(file, LifeEnd.FAILED, null))
                .hasMessage(file + ":2: unit 1: cycle 3 where 2 was expected");

        Files.writeString(file, row.replace("641.82", "x"));
        assertThatThrownBy(() -> CmapssLives.read(file, LifeEnd.FAILED, null))
                .hasMessage(file + ":1: column 7 is not a number: 'x'");

        assertThatThrownBy(() -> CmapssLives.file(dir, "FD005", CmapssLives.Split.TRAIN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTuningRunIsRefusedTheTestEnginesButReadsTheTrainingOnes() throws IOException {
        try (TuningMode.Scope scope = TuningMode.enter()) {
            assertThat(new CmapssLives(DIR, "fd001", CmapssLives.Split.TRAIN).lives())
                    .hasSize(100);
            assertThatThrownBy(() -> new CmapssLives(DIR, "fd001", CmapssLives.Split.TEST).lives())
                    .isInstanceOf(TuningMode.TestDataRefusedException.class)
                    .hasMessageContaining("_FD001.txt");
            assertThatThrownBy(() -> CmapssLives.readRul(DIR.resolve("RUL_FD004.txt")))
                    .isInstanceOf(TuningMode.TestDataRefusedException.class);
        }
        assertThat(new CmapssLives(DIR, "fd001", CmapssLives.Split.TEST).lives())
                .hasSize(100);
    }
}
