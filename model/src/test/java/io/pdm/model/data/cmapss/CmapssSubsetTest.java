package io.pdm.model.data.cmapss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.model.data.MalformedDataException;
import io.pdm.model.data.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CmapssSubsetTest {
    private static final String ROW =
            "1 1 -0.0007 -0.0004 100.0 518.67 641.82 1589.70 1400.60 14.62 21.61 554.36 2388.06 9046.19 "
                    + "1.30 47.47 521.66 2388.02 8138.62 8.4195 0.03 392 2388 100.00 39.06 23.4190  ";

    @ParameterizedTest
    @CsvSource({
        // subset, train rows, train engines, test rows, test engines (NASA's readme swaps FD004's engine counts)
        "FD001, 20631, 100, 13096, 100",
        "FD002, 53759, 260, 33991, 259",
        "FD003, 24720, 100, 16596, 100",
        "FD004, 61249, 249, 41214, 248"
    })
    void loadsEveryRowAndEngine(String name, int trainRows, int trainEngines, int testRows, int testEngines) {
        CmapssSubset subset = SharedData.cmapss(name);

        assertThat(subset.train()).hasSize(trainEngines);
        assertThat(rows(subset.train())).isEqualTo(trainRows);
        assertThat(subset.test()).hasSize(testEngines);
        assertThat(rows(subset.test())).isEqualTo(testRows);
        assertThat(subset.testRul()).hasSize(testEngines);
    }

    @Test
    void readsValuesOfTheFirstRowAndTheTrueRul() {
        CmapssSubset fd001 = SharedData.cmapss("FD001");
        CmapssEngine first = fd001.train().get(0);

        assertThat(first.unit()).isEqualTo(1);
        assertThat(first.cycles()).isEqualTo(192);
        assertThat(first.settings()[0]).containsExactly(-0.0007f, -0.0004f, 100.0f);
        assertThat(first.sensors()[0][1]).isEqualTo(641.82f);
        assertThat(first.sensors()[0][20]).isEqualTo(23.4190f);
        assertThat(fd001.testRul()).startsWith(112, 98, 69);
    }

    @Test
    void cappedRulIsPiecewiseLinear() {
        CmapssEngine engine = SharedData.cmapss("FD001").train().get(0);
        float[] rul = engine.cappedRul(125);

        assertThat(rul[0]).isEqualTo(125f);
        assertThat(rul[191 - 125]).isEqualTo(125f);
        assertThat(rul[191 - 124]).isEqualTo(124f);
        assertThat(rul[191]).isZero();
    }

    @Test
    void reportsFileAndLineOfAWrongColumnCount(@TempDir Path dir) throws IOException {
        write(dir, ROW, "1 2 0.1 0.2");

        assertThatThrownBy(() -> CmapssSubset.load(dir, "FD001"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage(dir.resolve("train_FD001.txt") + ":2: expected 26 columns, found 4");
    }

    @Test
    void reportsFileAndLineOfANonNumber(@TempDir Path dir) throws IOException {
        write(dir, ROW, ROW.replaceFirst("^1 1 ", "1 2 ").replace("641.82", "x"));

        assertThatThrownBy(() -> CmapssSubset.load(dir, "FD001"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage(dir.resolve("train_FD001.txt") + ":2: column 7 is not a number: 'x'");
    }

    @Test
    void reportsAMissingCycle(@TempDir Path dir) throws IOException {
        write(dir, ROW, ROW.replaceFirst("^1 1 ", "1 3 "));

        assertThatThrownBy(() -> CmapssSubset.load(dir, "FD001"))
                .hasMessage(dir.resolve("train_FD001.txt") + ":2: unit 1: cycle 3 where 2 was expected");
    }

    @Test
    void rejectsAnRulFileThatDoesNotMatchTheTestEngines(@TempDir Path dir) throws IOException {
        write(dir, ROW, ROW.replaceFirst("^1 1 ", "1 2 "));
        Files.writeString(dir.resolve("test_FD001.txt"), ROW + "\n");
        Files.writeString(dir.resolve("RUL_FD001.txt"), "10\n20\n");

        assertThatThrownBy(() -> CmapssSubset.load(dir, "FD001"))
                .hasMessage(dir.resolve("RUL_FD001.txt") + ": 2 RUL values for 1 test engines");
    }

    private static void write(Path dir, String firstLine, String secondLine) throws IOException {
        Files.writeString(dir.resolve("train_FD001.txt"), firstLine + "\n" + secondLine + "\n");
    }

    private static int rows(List<CmapssEngine> engines) {
        return engines.stream().mapToInt(CmapssEngine::cycles).sum();
    }
}
