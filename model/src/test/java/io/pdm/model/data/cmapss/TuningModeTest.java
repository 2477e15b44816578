package io.pdm.model.data.cmapss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.assets.lives.TuningMode;
import io.pdm.model.data.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuningModeTest {
    @TempDir
    Path dir;

    @Test
    void theReadersRefuseTestFilesOnlyWhileATuningRunIsActive() throws Exception {
        Path cmapss = SharedData.cmapssDir();
        try (TuningMode.Scope scope = TuningMode.enter()) {
            assertThat(TuningMode.active()).isTrue();
            assertThatThrownBy(() -> CmapssSubset.load(cmapss, "FD001"))
                    .isInstanceOf(TuningMode.TestDataRefusedException.class)
                    .hasMessage("refusing to read the test file " + cmapss.resolve("test_FD001.txt")
                            + " during a tuning run: settings are chosen on held-out training engines only,"
                            + " never on test_FD00N.txt or RUL_FD00N.txt");
            assertThatThrownBy(() -> CmapssFiles.readRul(cmapss.resolve("RUL_FD003.txt")))
                    .isInstanceOf(TuningMode.TestDataRefusedException.class)
                    .hasMessageContaining("RUL_FD003.txt");
            // The training file is what a tuning run reads: all 100 FD001 engines, no test engines.
            CmapssSubset training = CmapssSubset.loadTraining(cmapss, "FD001");
            assertThat(training.train()).hasSize(100);
            assertThat(training.test()).isEmpty();
        }
        assertThat(TuningMode.active()).isFalse();
        assertThat(CmapssSubset.load(cmapss, "FD001").test()).hasSize(100);
    }

    @Test
    void aTrainingFileNameThatLinksToATestFileIsRefused() throws Exception {
        Path test = SharedData.cmapssDir().resolve("test_FD001.txt").toRealPath();
        Files.createSymbolicLink(dir.resolve("train_FD001.txt"), test);
        try (TuningMode.Scope scope = TuningMode.enter()) {
            assertThatThrownBy(() -> CmapssSubset.loadTraining(dir, "FD001"))
                    .isInstanceOf(TuningMode.TestDataRefusedException.class)
                    .hasMessage("refusing to read " + dir.resolve("train_FD001.txt")
                            + " during a tuning run: it is the test file " + test
                            + "; settings are chosen on held-out training engines only")
                    .extracting(e -> ((TuningMode.TestDataRefusedException) e).file())
                    .isEqualTo(dir.resolve("train_FD001.txt"));
        }
        // Outside a tuning run the same link reads (the test engines, as any training file).
        assertThat(CmapssSubset.loadTraining(dir, "FD001").train()).hasSize(100);
    }

    @Test
    void nestedScopesKeepTheRefusalUntilTheLastCloses() {
        TuningMode.Scope outer = TuningMode.enter();
        TuningMode.Scope inner = TuningMode.enter();
        inner.close();
        inner.close(); // closing twice must not end the outer run's refusal
        assertThat(TuningMode.active()).isTrue();
        outer.close();
        assertThat(TuningMode.active()).isFalse();
    }
}
