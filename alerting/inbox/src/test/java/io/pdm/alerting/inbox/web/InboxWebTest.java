package io.pdm.alerting.inbox.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.alerting.inbox.InboxSettings;
import io.pdm.alerting.inbox.Session;
import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.alerting.inbox.board.Alerts;
import io.pdm.alerting.inbox.board.Retention;
import io.pdm.alerting.inbox.feed.EventLog;
import io.pdm.alerting.inbox.security.InboxUser;
import io.pdm.schemas.alerting.AlertCommand;
import io.pdm.schemas.alerting.AlertJson;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The web layer's rules over real HTTP on the real Tomcat and Spring Security (no Kafka: the board is filled directly
 * and commands are recorded where the Kafka sink would write them): login, plant access, CSRF, precise problems.
 */
class InboxWebTest {
    static final Instant NOW = Alerts.T0.plusSeconds(3600);
    static final List<String[]> SENT = new CopyOnWriteArrayList<>();
    static final List<AlertCommand> COMMANDS = new CopyOnWriteArrayList<>();
    static ConfigurableApplicationContext web;
    static int port;

    @BeforeAll
    static void start() {
        String hash = new BCryptPasswordEncoder(4).encode("pw");
        List<InboxUser> users = List.of(
                new InboxUser("engineer-a", hash, List.of("engineer:plant-a")),
                new InboxUser("engineer-b", hash, List.of("engineer:plant-b")),
                new InboxUser("admin", hash, List.of("admin")));
        InboxSettings settings = new InboxSettings(
                List.of("plant-a", "plant-b"),
                "unused:9092",
                null,
                users,
                "127.0.0.1",
                0,
                Duration.ofMinutes(5),
                Duration.ofHours(8),
                Retention.DEFAULT,
                null,
                null,
                null);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        AlertBoard board = new AlertBoard(Retention.DEFAULT, clock);
        board.apply("plant-a", "fa1", Alerts.open("plant-a", "fa1", "pump-1", 850, NOW.minusSeconds(60)));
        board.apply("plant-a", "fa2", Alerts.closed("plant-a", "fa2", "pump-2", NOW.minusSeconds(900), NOW));
        board.apply("plant-b", "fb1", Alerts.open("plant-b", "fb1", "fan-1", 300, NOW.minusSeconds(30)));
        CommandSink sink = (plant, c) -> {
            SENT.add(new String[] {plant, c.commandId()});
            COMMANDS.add(c);
        };
        web = InboxWebApp.start(
                settings,
                board,
                new EventLog(Duration.ofDays(1), 100, clock),
                sink,
                clock,
                new InboxSettings.Probes(() -> true, () -> false));
        port = InboxWebApp.port(web);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return AlertJson.mapper().readTree(r.body());
    }

    @Test
    void withoutLoginTheApiSays401AndPagesGoToTheLoginForm() throws Exception {
        Session s = new Session(port);
        HttpResponse<String> api = s.get("/api/alerts");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(api).get("title").asText()).isEqualTo("Not logged in");
        HttpResponse<String> page = s.page("/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(s.login("engineer-a", "wrong")).isEqualTo("/login?error");
        // the probes are open to the orchestrator
        assertThat(s.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(s.get("/actuator/health/readiness").statusCode()).isEqualTo(503);
    }

    @Test
    void theLoginPageIsTheInboxsOwnWithItsCsrfFieldAndSaysWhatWentWrong() {
        Session s = new Session(port);
        HttpResponse<String> page = s.page("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        // the inbox's stylesheet from the jar, nothing from elsewhere (no CDN)
        assertThat(page.body())
                .contains("<link rel=\"stylesheet\" href=\"/inbox.css\">")
                .contains("name=\"_csrf\"")
                .doesNotContain("http://", "https://", "{{");
        assertThat(s.get("/inbox.css").body()).contains("form.login");
        // without the CSRF field the login is refused, even with the right password
        HttpResponse<String> forged = s.send(HttpRequest.newBuilder(URI.create(s.base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=engineer-a&password=pw")));
        assertThat(forged.statusCode()).isEqualTo(403);

        assertThat(s.login("engineer-a", "not-the-password")).isEqualTo("/login?error");
        assertThat(s.page("/login?error").body())
                .contains("id=\"login-error\"")
                .contains("Wrong user name or password");
        assertThat(s.page("/login").body()).doesNotContain("login-error");

        assertThat(s.login("engineer-a", "pw")).isEqualTo("/");
        assertThat(s.get("/api/me").statusCode()).isEqualTo(200); // the XSRF cookie comes with an answer
        HttpResponse<String> out = s.post("/logout", null);
        assertThat(out.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?logout"));
        assertThat(s.page("/login?logout").body()).contains("You are logged out.");
        assertThat(s.get("/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void aNotificationsLinkOpensTheAlertAfterTheLogin() {
        Session a = new Session(port);
        HttpResponse<String> first = a.page("/alerts/fa1");
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        // the login returns to the link, which opens the alert's page in its plant
        assertThat(a.login("engineer-a", "pw")).startsWith("/alerts/fa1");
        assertThat(a.page("/alerts/fa1").headers().firstValue("Location")).hasValue("/alert.html?plant=plant-a&fp=fa1");
        // another plant's alert is not looked up for them: the page says it is not among theirs
        assertThat(a.page("/alerts/fb1").headers().firstValue("Location")).hasValue("/alert.html?fp=fb1");
    }

    @Test
    void anEngineerSeesAndActsOnTheirPlantOnly() throws Exception {
        Session a = new Session(port);
        assertThat(a.login("engineer-a", "pw")).isEqualTo("/");
        JsonNode me = json(a.get("/api/me"));
        assertThat(me.get("plants").toString()).isEqualTo("[\"plant-a\"]");

        JsonNode list = json(a.get("/api/alerts"));
        assertThat(list.get("total").asInt()).isEqualTo(2);
        assertThat(list.get("alerts").get(0).get("fingerprint").asText()).isEqualTo("fa1");
        assertThat(list.get("alerts").get(0).get("band").asText()).isEqualTo("CRITICAL");
        assertThat(list.get("alerts").get(0).get("raisedAt").asText())
                .isEqualTo(NOW.minusSeconds(60).toString());
        assertThat(json(a.get("/api/alerts?state=closed")).get("total").asInt()).isEqualTo(1);

        HttpResponse<String> other = a.get("/api/alerts/plant-b/fb1");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(other).get("detail").asText()).contains("engineer-a").contains("plant-a");
        assertThat(a.get("/api/alerts?plant=plant-b").statusCode()).isEqualTo(403);
        assertThat(a.post("/api/alerts/plant-b/fb1/acknowledge", "{}").statusCode())
                .isEqualTo(403);
        assertThat(a.get("/api/alerts/plant-a/nope").statusCode()).isEqualTo(404);
        assertThat(a.get("/api/alerts/plant-z/fa1").statusCode()).isEqualTo(404);

        int before = COMMANDS.size();
        HttpResponse<String> ack =
                a.post("/api/alerts/plant-a/fa1/acknowledge", "{\"commandId\":\"click-12345\",\"comment\":\"on it\"}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
        assertThat(json(ack).get("by").asText()).isEqualTo("engineer-a");
        assertThat(COMMANDS.subList(before, COMMANDS.size()))
                .containsExactly(
                        new AlertCommand.Acknowledge("click-12345", "fa1", "pump-1", "engineer-a", NOW, "on it"));
        assertThat(SENT.get(SENT.size() - 1)[0]).isEqualTo("plant-a");
    }

    @Test
    void refusalsAreProblemDetails() throws Exception {
        Session a = new Session(port);
        a.login("engineer-a", "pw");
        a.get("/api/me"); // the XSRF cookie comes with the first answer
        HttpResponse<String> closed = a.post("/api/alerts/plant-a/fa2/acknowledge", "{}");
        assertThat(closed.statusCode()).isEqualTo(409);
        assertThat(json(closed).get("title").asText()).isEqualTo("Alert closed");
        HttpResponse<String> noReason = a.post("/api/alerts/plant-a/fa1/shelve", "{\"duration\":\"2h\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason).get("detail").asText()).contains("reason is required");
        HttpResponse<String> tooLong =
                a.post("/api/alerts/plant-a/fa1/shelve", "{\"duration\":\"3d\",\"reason\":\"x\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        HttpResponse<String> typo = a.post("/api/alerts/plant-a/fa1/shelve", "{\"durration\":\"2h\"}");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(a.get("/api/alerts?severity=abc").statusCode()).isEqualTo(400);
        assertThat(json(a.get("/api/alerts?state=snoozed")).get("detail").asText())
                .contains("snoozed");
        assertThat(a.post("/api/alerts/plant-a/fa1/delete", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndSendsNothing() {
        Session a = new Session(port);
        a.login("engineer-a", "pw");
        int before = COMMANDS.size();
        assertThat(a.post("/api/alerts/plant-a/fa1/resolve", "{}", null).statusCode())
                .isEqualTo(403);
        assertThat(a.post("/api/alerts/plant-a/fa1/resolve", "{}", "forged").statusCode())
                .isEqualTo(403);
        assertThat(COMMANDS).hasSize(before);
    }

    @Test
    void sessionsExpireAfterTheConfiguredIdleTime() {
        var tomcat = ((org.springframework.boot.tomcat.TomcatWebServer)
                        ((org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext) web)
                                .getWebServer())
                .getTomcat();
        var context = (org.apache.catalina.Context) tomcat.getHost().findChildren()[0];
        // Tomcat expires a session idle for this long; the next request of that person is 401 or the login form
        assertThat(context.getSessionTimeout()).as("minutes").isEqualTo(5);
    }

    @Test
    void anAdminSeesEveryPlant() throws Exception {
        Session admin = new Session(port);
        admin.login("admin", "pw");
        assertThat(json(admin.get("/api/alerts")).get("total").asInt()).isEqualTo(3);
        assertThat(admin.get("/api/alerts/plant-b/fb1").statusCode()).isEqualTo(200);
        assertThat(json(admin.get("/api/alerts?plant=plant-b&band=low"))
                        .get("total")
                        .asInt())
                .isEqualTo(1);
    }
}
