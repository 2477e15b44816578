package io.pdm.alerting.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.schemas.alerting.AlertJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inbox on the embedded broker beside the real lifecycle topology: an alert raised by a candidate reaches the
 * board and, live, the browser's event stream; the engineer's acknowledge becomes a command, the lifecycle applies it
 * (the {@code acknowledged} event on the maintenance-event topic names the engineer), and the board follows.
 */
class InboxIT {
    static LivePlants plants;

    @BeforeAll
    static void start() throws Exception {
        plants = new LivePlants();
    }

    @AfterAll
    static void stop() throws Exception {
        plants.close();
    }

    @Test
    void anAlertArrivesLiveIsAcknowledgedAndTheEventNamesTheEngineer() throws Exception {
        Session a = new Session(plants.inbox.port());
        assertThat(a.login("engineer-a", plants.passwords.get("engineer-a"))).isEqualTo("/");
        List<String> stream = new CopyOnWriteArrayList<>();
        a.http.sendAsync(
                        HttpRequest.newBuilder(URI.create(a.base + "/api/stream"))
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(stream::add));
        await().atMost(Duration.ofSeconds(20)).until(() -> stream.stream().anyMatch(l -> l.equals("event:hello")));

        String fp = plants.raise("pump-7", 720, Instant.now());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> stream.stream().anyMatch(l -> l.startsWith("data:") && l.contains(fp)));
        JsonNode list = AlertJson.mapper()
                .readTree(a.get("/api/alerts?state=unacknowledged").body());
        assertThat(list.get("alerts").get(0).get("fingerprint").asText()).isEqualTo(fp);
        assertThat(list.get("alerts").get(0).get("facts").get("text").asText()).contains("Bearing wear on pump-7");

        HttpResponse<String> ack = a.post("/api/alerts/plant-a/" + fp + "/acknowledge", "{\"comment\":\"on my way\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> plants.events().stream()
                        .anyMatch(e -> e.path("type").asText().equals("io.pdm.alert.acknowledged")));
        JsonNode acked = plants.events().stream()
                .filter(e -> e.path("type").asText().equals("io.pdm.alert.acknowledged"))
                .findFirst()
                .orElseThrow();
        assertThat(acked.path("data").path("transition").path("by").asText()).isEqualTo("engineer-a");
        assertThat(acked.path("data").path("alert").path("fingerprint").asText())
                .isEqualTo(fp);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> AlertJson.mapper()
                        .readTree(a.get("/api/alerts/plant-a/" + fp).body())
                        .path("acknowledged")
                        .asBoolean());
        // acknowledging again is a conflict, told before anything is sent
        assertThat(a.post("/api/alerts/plant-a/" + fp + "/acknowledge", "{}").statusCode())
                .isEqualTo(409);
    }

    @Test
    void anotherPlantsAlertIsRefusedAndNeverStreamed() throws Exception {
        String fpB = plants.stateOfB("fan-2", Instant.now());
        Session admin = new Session(plants.inbox.port());
        admin.login("admin", plants.passwords.get("admin"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> admin.get("/api/alerts/plant-b/" + fpB).statusCode() == 200);

        Session a = new Session(plants.inbox.port());
        a.login("engineer-a", plants.passwords.get("engineer-a"));
        assertThat(a.get("/api/alerts/plant-b/" + fpB).statusCode()).isEqualTo(403);
        JsonNode list = AlertJson.mapper().readTree(a.get("/api/alerts").body());
        list.get("alerts").forEach(x -> assertThat(x.get("plant").asText()).isEqualTo("plant-a"));
    }
}
