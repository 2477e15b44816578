package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.federated.dp.GaussianDeltaMechanism;
import io.pdm.federated.plant.PlantSettings.Data;
import io.pdm.federated.plant.PlantSettings.Personalisation;
import io.pdm.federated.plant.PlantSettings.Privacy;
import io.pdm.federated.training.LocalWork;
import io.pdm.federated.training.history.CmapssHistory;
import io.pdm.federated.training.history.StoredRuns;
import io.pdm.model.data.cmapss.RulEvaluation;
import io.pdm.model.io.SafetensorsDtype;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a plant's trainer is told to do: defaults, data sources, privacy and the line it reports at the end. */
class PlantSettingsTest {
    static final Path KEY_STORE = Path.of("pki", "p1.p12");
    static final LocalWork WORK = new LocalWork(30, 64, 1e-3f, 42);

    static PlantSettings settings(String plant, Path trustStore, Path store, Data data, Privacy privacy) {
        return new PlantSettings(
                URI.create("https://localhost:8443"),
                KEY_STORE,
                trustStore,
                "changeit",
                plant,
                Path.of("base"),
                data,
                store,
                WORK,
                SafetensorsDtype.F32,
                new Personalisation.None(),
                privacy,
                null,
                null,
                Duration.ofSeconds(5));
    }

    static PlantSettings withPrivacy(Privacy privacy) {
        return settings(null, null, null, new Data.Cmapss(Path.of("cmapss"), "FD001"), privacy);
    }

    @Test
    void plantTrustStoreAndStoreDefaultFromTheKeyStore() {
        PlantSettings defaults = withPrivacy(new Privacy.None());
        assertThat(defaults.plant()).isEqualTo("p1");
        assertThat(defaults.trustStore()).isEqualTo(Path.of("pki", "truststore.p12"));
        assertThat(defaults.store()).isEqualTo(Path.of("fl-p1"));

        PlantSettings given = settings(
                "plant-7",
                Path.of("ca.p12"),
                Path.of("/var/fl"),
                new Data.Cmapss(Path.of("cmapss"), "FD001"),
                new Privacy.None());
        assertThat(given.plant()).isEqualTo("plant-7");
        assertThat(given.trustStore()).isEqualTo(Path.of("ca.p12"));
        assertThat(given.store()).isEqualTo(Path.of("/var/fl"));
        assertThat(settings("plant-7", null, null, given.data(), new Privacy.None())
                        .store())
                .isEqualTo(Path.of("fl-plant-7"));
    }

    @Test
    void eachDataSourceIsItsHistory() {
        assertThat(new Data.Cmapss(Path.of("cmapss"), "FD003").history("p1"))
                .isEqualTo(new CmapssHistory(Path.of("cmapss"), "FD003"));
        assertThat(new Data.Store("jdbc:postgresql://db/pdm", Set.of("REPLACEMENT", "OVERHAUL")).history("p1"))
                .isEqualTo(new StoredRuns("jdbc:postgresql://db/pdm", "p1", Set.of("REPLACEMENT", "OVERHAUL")));
        assertThat(new Data.StoredLives("jdbc:postgresql://db/pdm", "pump-set", Set.of("repair"), "speed_rpm.min", 2)
                        .history("p1"))
                .isEqualTo(new io.pdm.federated.training.history.StoredLives(
                        "jdbc:postgresql://db/pdm", "p1", Set.of("REPAIR"), "speed_rpm.min"));
        assertThatThrownBy(
                        () -> new Data.StoredLives("jdbc:postgresql://db/pdm", "pump-set", Set.of("REPAIR"), null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epochs");
    }

    @Test
    void withoutDpNothingIsClippedOrNoised() {
        PlantSettings plain = withPrivacy(new Privacy.None());
        assertThat(plain.privacy().clientSide(plain.localWork(), 1000)).isNull();
        assertThat(plain.localWork()).isEqualTo(WORK);
    }

    @Test
    void plantLevelDpNoisesTheWholeDeltaEveryRound() {
        PlantSettings dp = withPrivacy(new Privacy.DeltaNoise(4.0, 1.1, 0.5));
        assertThat(dp.privacy().clientSide(dp.localWork(), 1000))
                .isEqualTo(new ClientSidePrivacy.DeltaNoise(
                        new GaussianDeltaMechanism(0.5, 1.1), 4.0, PlantSettings.DP_DELTA, 1.0));
        assertThat(dp.localWork().dpSgd()).isNull();
    }

    @Test
    void dpSgdClipsEachWindowAndSamplesBatchOverWindows() {
        PlantSettings dpSgd = withPrivacy(new Privacy.DpSgd(8.0, 0.9, 10));
        assertThat(dpSgd.localWork().dpSgd()).isEqualTo(new LocalWork.DpSgd(10, 0.9));
        assertThat(dpSgd.privacy().clientSide(dpSgd.localWork(), 1000))
                .isEqualTo(new ClientSidePrivacy.DpSgd(10, 0.9, 64 / 1000.0, 30, 8.0, PlantSettings.DP_DELTA));
        // A plant with fewer windows than a batch samples all of them every step.
        assertThat(((ClientSidePrivacy.DpSgd) dpSgd.privacy().clientSide(dpSgd.localWork(), 40)).samplingRate())
                .isEqualTo(1.0);
    }

    @Test
    void dpSgdOnlyComesWithItsBudget() {
        assertThatThrownBy(() -> new PlantSettings(
                        URI.create("https://localhost:8443"),
                        KEY_STORE,
                        null,
                        "changeit",
                        null,
                        Path.of("base"),
                        new Data.Cmapss(Path.of("cmapss"), "FD001"),
                        null,
                        WORK.withDpSgd(new LocalWork.DpSgd(10, 0.9)),
                        SafetensorsDtype.F32,
                        new Personalisation.None(),
                        new Privacy.None(),
                        null,
                        null,
                        Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("through privacy");
        assertThatThrownBy(() -> new Personalisation.Ditto(-0.1f)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> new Personalisation.ValidatedAdaptation(-1)).hasMessageContaining("rounds");
    }

    @Test
    void theFinalLineNamesTheServedAdapterAndItsScore() {
        RulEvaluation fd001 = new RulEvaluation("FD001", 100, 17.25, 512.3);
        assertThat(new PlantService.Evaluation("fd001", 5, new Personalisation.None(), fd001, Double.NaN).describe())
                .isEqualTo("adapter version 5 on fd001's test set: FD001: 100 engines, RMSE 17.25, score 512.3");
        assertThat(new PlantService.Evaluation("p1", 2, new Personalisation.PersonalModules(), fd001, Double.NaN)
                        .describe())
                .startsWith("adapter version 2 + personal modules on p1's test set: ");
        assertThat(new PlantService.Evaluation("p1", 3, new Personalisation.Ditto(0.1f), fd001, Double.NaN).describe())
                .startsWith("adapter version 3 (Ditto personal adapter) on p1's test set: ");
        assertThat(new PlantService.Evaluation("p1", 1, new Personalisation.ValidatedAdaptation(2), null, 21.456)
                        .describe())
                .isEqualTo("adapter version 1 (validated local adaptation): RMSE 21.46 on p1's held-out lives");
    }
}
