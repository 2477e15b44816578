package io.pdm.launcher.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.model.text.MaintenanceCorpus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The launcher's classpath mixes every module's dependencies, and Maven picks one version of each library for all
 * of them: HiveMQ CE's older commons-io once won over the one commons-csv needs, so {@code pdm model pretrain --texts}
 * failed with NoClassDefFoundError while the model module's own tests passed. This reads the real corpus (from
 * {@code -Dpdm.shared.data}) on the launcher's classpath.
 */
class LauncherClasspathTest {
    private static final Path LOGS =
            Path.of(System.getProperty("pdm.shared.data", "../../shared/data"), "maintenance-logs");

    @Test
    void maintenanceCorpusLoadsOnTheLauncherClasspath() throws Exception {
        MaintenanceCorpus corpus = MaintenanceCorpus.load(LOGS);

        assertThat(corpus.fromSource(MaintenanceCorpus.FAA_AID)).hasSize(2_748);
        assertThat(corpus.fromSource(MaintenanceCorpus.MAINTIE)).hasSize(1_076);
    }
}
