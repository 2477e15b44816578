package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pdm.embedded.TestPostgres;
import io.pdm.federated.TestAggregators;
import io.pdm.federated.TestPki;
import io.pdm.federated.TinyBaseModel;
import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.AggregatorSettings;
import io.pdm.federated.aggregator.ManagementPort;
import io.pdm.federated.aggregator.round.Database;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.plant.PlantSettings.Data;
import io.pdm.federated.plant.PlantSettings.Personalisation;
import io.pdm.federated.plant.PlantSettings.Privacy;
import io.pdm.federated.training.LocalWork;
import io.pdm.federated.training.SeedAdapters;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.lora.LoraConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
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
 * What Prometheus and the kubelet see of the federation: the aggregator's plain-HTTP management port (its main port
 * takes only plants with a client certificate) and the plant trainer's, after a real round (HTTPS with client
 * certificates, PostgreSQL, DJL training): both answer the probes and serve their own meters at
 * {@code /actuator/prometheus}.
 */
class ManagementPortsIT {
    @TempDir
    Path work;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aggregatorAndPlantTrainerServeProbesAndTheirRoundMeters() throws Exception {
        Path base = TinyBaseModel.create(work.resolve("base"), List.of("FD001"));
        TestPki pki = TestPki.create();
        AggregatorSettings aggregatorSettings = new AggregatorSettings(
                0,
                pki.aggregatorPkcs12(),
                pki.revocationList(),
                Database.of(TestPostgres.newDatabase("fl_management")),
                new TreeSet<>(List.of("plant-a")),
                RoundPolicy.plain(1, Duration.ofMinutes(2)),
                SeedAdapters.fresh(base, LoraConfig.of(2, 4, 0.05, base.toString()), 42),
                ModelCheckpoint.baseHash(base),
                Duration.ofMillis(200));
        PrometheusMeterRegistry aggregatorMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry plantMeters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (AggregatorHandle aggregator = AggregatorApplication.start(
                        aggregatorSettings, aggregatorMeters, new ManagementPort("127.0.0.1", 0));
                PlantService plant = PlantService.start(settings(TestAggregators.url(aggregator), pki, base))) {
            PlantMetrics.bind(plant, plantMeters);
            try (ManagementEndpoint plantPort =
                    ManagementEndpoint.start(new InetSocketAddress("127.0.0.1", 0), plantMeters)) {
                int managementPort = aggregator.managementPort();
                assertThat(managementPort).isPositive().isNotEqualTo(aggregator.port());
                assertThat(get(managementPort, "/actuator/health/liveness").statusCode())
                        .isEqualTo(200);
                assertThat(get(managementPort, "/actuator/health/readiness").statusCode())
                        .isEqualTo(200);
                assertThat(get(plantPort.port(), ManagementEndpoint.READINESS).statusCode())
                        .isEqualTo(200);

                plant.awaitContributions(1);

                String aggregatorScrape =
                        get(managementPort, "/actuator/prometheus").body();
                assertThat(aggregatorScrape)
                        .contains("fl_deltas_accepted_total 1.0")
                        .contains("fl_rounds_closed_total{status=\"PUBLISHED\"} 1.0");
                String plantScrape =
                        get(plantPort.port(), ManagementEndpoint.PROMETHEUS).body();
                assertThat(plantScrape)
                        .contains("fl_plant_participations_total{outcome=\"contributed\",plant=\"plant-a\"} 1.0")
                        .contains("fl_plant_adapter_version{plant=\"plant-a\"} 1.0");
                assertThat(get(plantPort.port(), "/actuator/other").statusCode())
                        .isEqualTo(404);

                // the main port speaks only TLS with client certificates: Tomcat answers plain HTTP with a 400 (or
                // the connection fails), never with the actuator
                try {
                    HttpResponse<String> plain = get(aggregator.port(), "/actuator/prometheus");
                    assertThat(plain.statusCode()).isEqualTo(400);
                    assertThat(plain.body()).doesNotContain("fl_deltas");
                } catch (IOException refused) {
                    assertThat(refused).isNotNull();
                }
            }
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

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
                null,
                Duration.ofMillis(200));
    }
}
