package io.pdm.inference.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pdm.embedded.TestPostgres;
import io.pdm.inference.store.AlertQueries;
import io.pdm.inference.store.InferenceStore;
import io.pdm.schemas.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The plant-scoped inference API behind per-plant API keys, over real HTTP on a real store. */
class InferenceApiKeysIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static ConfigurableApplicationContext app;
    static String base;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        Path keys = Files.writeString(
                dir.resolve("keys"),
                "plant-a " + ApiKeys.digestHex("operator-a") + "\nplant-b " + ApiKeys.digestHex("operator-b") + "\n");
        InferenceStore store =
                InferenceStore.of(TestPostgres.newDatabase("inference_keys")).migrate();
        app = InferenceWebApp.start(
                "127.0.0.1",
                0,
                new AlertQueries(store),
                new InferenceWebAppIT.PlantOnly("plant-a"),
                new SimpleMeterRegistry(),
                ApiKeys.load(keys));
        base = "http://127.0.0.1:" + InferenceWebApp.port(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    static HttpResponse<String> send(String method, String path, String key) throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) b.header("Authorization", "Bearer " + key);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePlantsKeyReadsAndAdministersItsPlant() throws Exception {
        assertThat(send("GET", "/api/v1/plants/plant-a/alerts", "operator-a").statusCode())
                .isEqualTo(200);
        // reaches the service, which answers for itself (no such asset type here)
        assertThat(send("POST", "/api/v1/plants/plant-a/adapters/pump-set/rollback", "operator-a")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void noKeyIs401AndAnotherPlantsKeyIs403AsProblemJson() throws Exception {
        HttpResponse<String> none = send("POST", "/api/v1/plants/plant-a/adapters/pump-set/unpin", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pdm-inference\"");
        assertThat(none.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        HttpResponse<String> other = send("GET", "/api/v1/plants/plant-a/alerts", "operator-b");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(other.body()).get("reason").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void probesStayOpen() throws Exception {
        assertThat(send("GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }
}
