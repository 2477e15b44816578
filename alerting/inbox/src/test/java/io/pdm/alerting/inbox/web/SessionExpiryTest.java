package io.pdm.alerting.inbox.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.alerting.inbox.InboxSettings;
import io.pdm.alerting.inbox.Session;
import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.alerting.inbox.board.Retention;
import io.pdm.alerting.inbox.feed.EventLog;
import io.pdm.alerting.inbox.security.IdleSessions;
import io.pdm.alerting.inbox.security.InboxUser;
import io.pdm.schemas.alerting.AlertJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Sessions really expire: an inbox with a 3-second idle timeout, real Tomcat and Spring Security, and real waiting past
 * it. The API then answers {@code 401 Session expired}, a page goes to the login page saying so, and an open live
 * stream neither keeps the session alive nor outlives it.
 */
class SessionExpiryTest {
    static final Duration IDLE = Duration.ofSeconds(3);
    static ConfigurableApplicationContext web;
    static int port;

    @BeforeAll
    static void start() {
        String hash = new BCryptPasswordEncoder(4).encode("pw");
        InboxSettings settings = new InboxSettings(
                List.of("plant-a"),
                "unused:9092",
                null,
                List.of(new InboxUser("engineer-a", hash, List.of("engineer:plant-a"))),
                "127.0.0.1",
                0,
                IDLE,
                Duration.ofHours(8),
                Retention.DEFAULT,
                null,
                null,
                null);
        Clock clock = Clock.systemUTC();
        web = InboxWebApp.start(
                settings,
                new AlertBoard(Retention.DEFAULT, clock),
                new EventLog(Duration.ofDays(1), 100, clock),
                (plant, c) -> {},
                clock,
                new InboxSettings.Probes(() -> true, () -> true));
        port = InboxWebApp.port(web);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void anIdleSessionExpiresTheApiSays401AndPagesGoToTheLoginSayingSo() throws Exception {
        Session s = new Session(port);
        assertThat(s.login("engineer-a", "pw")).isEqualTo("/");
        // activity keeps it: four requests 1.5 s apart span twice the timeout
        for (int i = 0; i < 4; i++) {
            assertThat(s.get("/api/me").statusCode()).isEqualTo(200);
            Thread.sleep(1_500);
        }
        Thread.sleep(IDLE.toMillis() + 500);

        HttpResponse<String> api = s.get("/api/me");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = AlertJson.mapper().readTree(api.body());
        assertThat(problem.path("title").asText()).isEqualTo("Session expired");
        assertThat(problem.path("detail").asText()).contains("idle for 3 seconds");
        HttpResponse<String> page = s.page("/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?expired"));
        assertThat(s.page("/login?expired").body()).contains("Your session expired after 3 seconds without activity");
        // and logging in again works
        assertThat(s.login("engineer-a", "pw")).isEqualTo("/");
        assertThat(s.get("/api/me").statusCode()).isEqualTo(200);
    }

    @Test
    void aPagesOwnRefreshesAreNoActivity() throws Exception {
        Session s = new Session(port);
        s.login("engineer-a", "pw");
        assertThat(s.get("/api/me").statusCode()).isEqualTo(200);
        long from = System.nanoTime();
        int status = 200;
        while (status == 200
                && System.nanoTime() - from < Duration.ofSeconds(10).toNanos()) {
            Thread.sleep(500);
            status = s.send(HttpRequest.newBuilder(URI.create(s.base + "/api/alerts"))
                            .header(IdleSessions.BACKGROUND, "1")
                            .GET())
                    .statusCode();
        }
        assertThat(status).isEqualTo(401);
        assertThat(Duration.ofNanos(System.nanoTime() - from)).isBetween(IDLE.minusMillis(100), IDLE.plusSeconds(2));
    }

    @Test
    void anOpenLiveStreamNeitherKeepsTheSessionNorOutlivesIt() throws Exception {
        Session s = new Session(port);
        s.login("engineer-a", "pw");
        assertThat(s.get("/api/me").statusCode()).isEqualTo(200);
        long opened = System.nanoTime();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> stream = s.http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/stream"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        // the server ends the stream when the session would expire: the lines run out, no later than the timeout
        long lines = stream.get().body().count();
        Duration open = Duration.ofNanos(System.nanoTime() - opened);
        assertThat(lines).as("the hello event").isGreaterThan(0);
        assertThat(open).isLessThan(IDLE.plusSeconds(2));
        // the browser's reconnect (and anything else) finds the session expired
        assertThat(s.get("/api/stream").statusCode()).isEqualTo(401);
        assertThat(s.get("/api/me").statusCode()).isEqualTo(401);
    }
}
