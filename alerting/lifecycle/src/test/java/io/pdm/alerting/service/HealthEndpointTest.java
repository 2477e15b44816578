package io.pdm.alerting.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** The probes' answers follow the Kafka Streams state, over real HTTP. */
class HealthEndpointTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readyOnlyWhileRunningAndLiveUntilItFails() throws Exception {
        AtomicReference<KafkaStreams.State> state = new AtomicReference<>(KafkaStreams.State.CREATED);
        try (HealthEndpoint health = HealthEndpoint.start("127.0.0.1", 0, state::get)) {
            assertThat(status(health, HealthEndpoint.LIVENESS)).isEqualTo(200);
            assertThat(status(health, HealthEndpoint.READINESS)).isEqualTo(503);

            state.set(KafkaStreams.State.RUNNING);
            assertThat(status(health, HealthEndpoint.READINESS)).isEqualTo(200);

            state.set(KafkaStreams.State.REBALANCING);
            assertThat(status(health, HealthEndpoint.LIVENESS)).isEqualTo(200);
            assertThat(status(health, HealthEndpoint.READINESS)).isEqualTo(503);

            state.set(KafkaStreams.State.ERROR);
            HttpResponse<String> dead = get(health, HealthEndpoint.LIVENESS);
            assertThat(dead.statusCode()).isEqualTo(503);
            assertThat(dead.body()).isEqualTo("{\"status\":\"DOWN\",\"streams\":\"ERROR\"}");
            assertThat(status(health, "/actuator/health/other")).isEqualTo(404);
        }
    }

    private int status(HealthEndpoint health, String path) throws Exception {
        return get(health, path).statusCode();
    }

    private HttpResponse<String> get(HealthEndpoint health, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
