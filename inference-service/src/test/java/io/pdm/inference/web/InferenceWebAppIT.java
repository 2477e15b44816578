package io.pdm.inference.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pdm.embedded.TestPostgres;
import io.pdm.inference.scoring.AdapterSlot;
import io.pdm.inference.store.AlertQueries;
import io.pdm.inference.store.InferenceStore;
import io.pdm.inference.store.InferenceStoreIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The REST API over a real store: alerts, health, problem details, OpenAPI and probes. */
class InferenceWebAppIT {
    static ConfigurableApplicationContext app;
    static String base;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static final PrometheusMeterRegistry METERS = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** The API's own questions to the service that are not under test here answer "not scored by this plant". */
    record PlantOnly(String plant) implements InferenceOperations {
        public PredictionView predict(String asset, PredictRequest request) {
            throw new InvalidRequestException(409, "NO_MODEL", "no model loaded");
        }

        public List<AdapterStatus> adapters() {
            return List.of();
        }

        public AdapterSlot.Event pin(String assetType, long version) {
            throw new InvalidRequestException(404, "UNKNOWN_ASSET_TYPE", assetType);
        }

        public AdapterSlot.Event unpin(String assetType) {
            throw new InvalidRequestException(404, "UNKNOWN_ASSET_TYPE", assetType);
        }

        public AdapterSlot.Event rollback(String assetType) {
            throw new InvalidRequestException(404, "UNKNOWN_ASSET_TYPE", assetType);
        }
    }

    @BeforeAll
    static void start() {
        InferenceStore store =
                InferenceStore.of(TestPostgres.newDatabase("inference_web")).migrate();
        store.save(
                List.of(InferenceStoreIT.prediction("p1", 0, 100), InferenceStoreIT.prediction("p1", 1, 95)),
                List.of(InferenceStoreIT.alert("a1", "p1", 1, 650)));
        app = InferenceWebApp.start("127.0.0.1", 0, new AlertQueries(store), new PlantOnly("plant-a"), METERS);
        base = "http://127.0.0.1:" + InferenceWebApp.port(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsAlertsWithTheirFactSheets() throws Exception {
        HttpResponse<String> r = get("/api/v1/plants/plant-a/alerts");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode alerts = JSON.readTree(r.body());
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("alertId").asText()).isEqualTo("a1");
        assertThat(alerts.get(0).get("severity").asInt()).isEqualTo(650);
        assertThat(alerts.get(0).get("factSheet").get("asset").asText()).isEqualTo("p1");
        assertThat(JSON.readTree(get("/api/v1/plants/plant-a/alerts/a1").body())
                        .get("title")
                        .asText())
                .isEqualTo("Bearing wear on p1");
    }

    @Test
    void givesAnAssetsHealthAndTrend() throws Exception {
        JsonNode health =
                JSON.readTree(get("/api/v1/plants/plant-a/assets/p1/health").body());
        assertThat(health.get("latest").get("remainingLife").get("predicted").asDouble())
                .isEqualTo(95.0);
        assertThat(health.get("trend")).hasSize(2);
        assertThat(health.get("trendPerHour").asDouble()).isEqualTo(-5.0);
    }

    @Test
    void errorsAreProblemDetailsWithAReason() throws Exception {
        HttpResponse<String> otherPlant = get("/api/v1/plants/plant-b/alerts");
        assertThat(otherPlant.statusCode()).isEqualTo(404);
        assertThat(otherPlant.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JSON.readTree(otherPlant.body()).get("reason").asText()).isEqualTo("UNKNOWN_PLANT");

        assertThat(JSON.readTree(get("/api/v1/plants/plant-a/assets/ghost/health")
                                .body())
                        .get("reason")
                        .asText())
                .isEqualTo("UNKNOWN_ASSET");
        HttpResponse<String> badSeverity = get("/api/v1/plants/plant-a/alerts?minSeverity=0");
        assertThat(badSeverity.statusCode()).isEqualTo(400);
        HttpResponse<String> badSince = get("/api/v1/plants/plant-a/alerts?since=yesterday");
        assertThat(badSince.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badSince.body()).has("reason")).isTrue();
    }

    @Test
    void describesItselfAndAnswersProbes() throws Exception {
        JsonNode api = JSON.readTree(get("/v3/api-docs").body());
        assertThat(api.get("paths").has("/api/v1/plants/{plant}/alerts")).isTrue();
        assertThat(api.get("paths").has("/api/v1/plants/{plant}/assets/{asset}/predict"))
                .isTrue();
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        METERS.counter("pdm.inference.scrape.check", "plant", "plant-a").increment(3);
        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("pdm_inference_scrape_check_total{plant=\"plant-a\"} 3.0");
    }
}
