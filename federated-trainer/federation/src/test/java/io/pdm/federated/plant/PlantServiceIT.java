package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.pdm.embedded.TestPostgres;
import io.pdm.federated.TestAggregators;
import io.pdm.federated.TestPki;
import io.pdm.federated.TinyBaseModel;
import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.AggregatorSettings;
import io.pdm.federated.aggregator.round.Database;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.plant.PlantSettings.Data;
import io.pdm.federated.plant.PlantSettings.Personalisation;
import io.pdm.federated.plant.PlantSettings.Privacy;
import io.pdm.federated.protocol.AdapterLineage;
import io.pdm.federated.protocol.RejectionReason;
import io.pdm.federated.training.LocalWork;
import io.pdm.federated.training.SeedAdapters;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.lora.LoraConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service {@code pdm fl plant} runs, against a real aggregator (HTTPS with client certificates, round state in
 * PostgreSQL) with real DJL training on the plant's C-MAPSS engines: it contributes to a round, serves the new
 * version to the plant's inference service and evaluates it on the plant's test set; closing it stops serving.
 */
class PlantServiceIT {

    @TempDir
    Path work;

    @Test
    void contributesToARoundServesTheNewVersionAndEvaluatesIt() throws Exception {
        Path base = TinyBaseModel.create(work.resolve("base"), List.of("FD001"));
        TestPki pki = TestPki.create();
        AggregatorSettings aggregatorSettings = new AggregatorSettings(
                0,
                pki.aggregatorPkcs12(),
                pki.revocationList(),
                Database.of(TestPostgres.newDatabase("fl_plant_service")),
                new TreeSet<>(List.of("plant-a")),
                RoundPolicy.plain(1, Duration.ofMinutes(2)),
                SeedAdapters.fresh(base, LoraConfig.of(2, 4, 0.05, base.toString()), 42),
                ModelCheckpoint.baseHash(base),
                Duration.ofMillis(200));
        HttpClient http = HttpClient.newHttpClient();
        URI current;
        try (AggregatorHandle aggregator = AggregatorApplication.start(aggregatorSettings);
                PlantService plant = PlantService.start(settings(TestAggregators.url(aggregator), pki, base))) {
            assertThat(plant.plant()).as("from the key store's file name").isEqualTo("plant-a");
            assertThat(plant.dataName()).isEqualTo("FD001");
            current = URI.create("http://127.0.0.1:" + plant.servingPort() + "/fl/v1/adapter/current");

            PlantService.Evaluation evaluation = plant.awaitContributions(1);

            assertThat(plant.contributions()).isEqualTo(1);
            assertThat(evaluation.version()).isEqualTo(1);
            assertThat(evaluation.testSet().count()).isPositive();
            assertThat(evaluation.testSet().rmse()).isFinite().isPositive();
            assertThat(evaluation.describe()).startsWith("adapter version 1 on plant-a's test set: ");
            AdapterLineage lineage = plant.client().aggregator().adapter(1).lineage();
            assertThat(lineage.contributingPlants()).containsExactly("plant-a");
            HttpResponse<String> served =
                    http.send(HttpRequest.newBuilder(current).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).contains("\"version\":1");
            assertThat(work.resolve("fl-plant-a")).isDirectory();
        }
        assertThatThrownBy(
                        () -> http.send(HttpRequest.newBuilder(current).build(), HttpResponse.BodyHandlers.ofString()))
                .as("closing the service stops serving")
                .isInstanceOf(IOException.class);
    }

    @Test
    void failsWithTheRefusalsStatusAndReasonWhenTheAggregatorRefusesThePlant() throws Exception {
        Path base = TinyBaseModel.create(work.resolve("base"), List.of("FD001"));
        TestPki pki = TestPki.create();
        AggregatorSettings aggregatorSettings = new AggregatorSettings(
                0,
                pki.aggregatorPkcs12(),
                pki.revocationList(),
                Database.of(TestPostgres.newDatabase("fl_plant_refused")),
                new TreeSet<>(List.of("plant-b")), // plant-a's certificate is valid, but it is not registered
                RoundPolicy.plain(1, Duration.ofMinutes(2)),
                SeedAdapters.fresh(base, LoraConfig.of(2, 4, 0.05, base.toString()), 42),
                ModelCheckpoint.baseHash(base),
                Duration.ofMillis(200));
        try (AggregatorHandle aggregator = AggregatorApplication.start(aggregatorSettings);
                PlantService plant = PlantService.start(settings(TestAggregators.url(aggregator), pki, base))) {
            assertThatThrownBy(
                            () -> assertTimeoutPreemptively(Duration.ofSeconds(60), () -> plant.awaitContributions(1)))
                    .as("waiting ends with the refusal instead of polling forever")
                    .isInstanceOfSatisfying(PlantRefusedException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.reason()).isEqualTo(RejectionReason.UNKNOWN_PLANT);
                    })
                    .hasMessageContaining("plant-a")
                    .hasMessageContaining("HTTP 403, unknown-plant")
                    .hasMessageContaining("is not registered with this aggregator");
            assertThat(plant.contributions()).isZero();
        }
    }

    /** plant-a on FD001's private engines, two local steps of eight windows, no personalisation or DP. */
    private PlantSettings settings(URI aggregator, TestPki pki, Path base) {
        return new PlantSettings(
                aggregator,
                pki.keyStore("plant-a"),
                pki.trustStore(),
                TestPki.PASSWORD,
                null,
                base,
                new Data.Cmapss(TinyBaseModel.cmapssDir(), "FD001"),
                work.resolve("fl-plant-a"),
                new LocalWork(2, 8, 1e-3f, 42),
                SafetensorsDtype.F32,
                new Personalisation.None(),
                new Privacy.None(),
                null,
                0,
                Duration.ofMillis(200));
    }
}
