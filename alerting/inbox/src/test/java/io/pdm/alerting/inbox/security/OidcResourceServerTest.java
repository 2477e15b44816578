package io.pdm.alerting.inbox.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.pdm.alerting.inbox.InboxSettings;
import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.alerting.inbox.board.Alerts;
import io.pdm.alerting.inbox.board.Retention;
import io.pdm.alerting.inbox.feed.EventLog;
import io.pdm.alerting.inbox.web.InboxWebApp;
import io.pdm.schemas.alerting.AlertCommand;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The production login: an OIDC provider in-process (its discovery document and keys over real HTTP) and the inbox
 * taking its access tokens on the JSON API, the roles claim deciding the plants; a bearer request needs no CSRF
 * token, a forged or expired token is 401.
 */
class OidcResourceServerTest {
    static HttpServer provider;
    static RSAKey key;
    static String issuer;
    static ConfigurableApplicationContext web;
    static final List<AlertCommand> SENT = new CopyOnWriteArrayList<>();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/pdm";
        serve(
                "/realms/pdm/.well-known/openid-configuration",
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer
                        + "/certs\",\"subject_types_supported\":[\"public\"]}");
        serve("/realms/pdm/certs", new JWKSet(key.toPublicJWK()).toString());
        provider.start();

        Instant now = Instant.now();
        AlertBoard board = new AlertBoard(Retention.DEFAULT, Clock.systemUTC());
        board.apply("plant-a", "fa", Alerts.open("plant-a", "fa", "pump-1", 700, now));
        board.apply("plant-b", "fb", Alerts.open("plant-b", "fb", "fan-1", 700, now));
        InboxSettings settings = new InboxSettings(
                List.of("plant-a", "plant-b"),
                "unused:9092",
                null,
                List.of(),
                "127.0.0.1",
                0,
                Duration.ofMinutes(5),
                Duration.ofHours(8),
                Retention.DEFAULT,
                new InboxSettings.Oidc(issuer, null),
                null,
                null);
        web = InboxWebApp.start(
                settings,
                board,
                new EventLog(Duration.ofDays(1), 10, Clock.systemUTC()),
                (plant, c) -> SENT.add(c),
                Clock.systemUTC(),
                new InboxSettings.Probes(() -> true, () -> true));
    }

    static void serve(String path, String json) {
        provider.createContext(path, ex -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
    }

    @AfterAll
    static void stop() {
        if (web != null) web.close();
        if (provider != null) provider.stop(0);
    }

    static String token(RSAKey signer, String iss, Object roles, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(iss)
                .subject("0b6f-uuid")
                .claim("preferred_username", "carla")
                .claim("pdm_roles", roles)
                .issueTime(new Date())
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(signer.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    static HttpResponse<String> call(String method, String path, String token) throws Exception {
        int port = InboxWebApp.port(web);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        method.equals("GET")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRolesClaimDecidesThePlantsAndABearerNeedsNoCsrfToken() throws Exception {
        String t = token(key, issuer, List.of("engineer:plant-a"), Instant.now().plusSeconds(300));
        HttpResponse<String> me = call("GET", "/api/me", t);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"user\":\"carla\"").contains("\"plants\":[\"plant-a\"]");
        assertThat(call("GET", "/api/alerts/plant-a/fa", t).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/alerts/plant-b/fb", t).statusCode()).isEqualTo(403);
        HttpResponse<String> ack = call("POST", "/api/alerts/plant-a/fa/acknowledge", t);
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
        assertThat(SENT).last().extracting(AlertCommand::by).isEqualTo("carla");

        String admin = token(key, issuer, "admin", Instant.now().plusSeconds(300));
        assertThat(call("GET", "/api/alerts/plant-b/fb", admin).statusCode()).isEqualTo(200);
    }

    @Test
    void forgedExpiredOrForeignTokensAre401() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
        assertThat(call(
                                "GET",
                                "/api/me",
                                token(
                                        other,
                                        issuer,
                                        List.of("admin"),
                                        Instant.now().plusSeconds(300)))
                        .statusCode())
                .isEqualTo(401);
        assertThat(call(
                                "GET",
                                "/api/me",
                                token(
                                        key,
                                        issuer,
                                        List.of("admin"),
                                        Instant.now().minusSeconds(600)))
                        .statusCode())
                .isEqualTo(401);
        assertThat(call(
                                "GET",
                                "/api/me",
                                token(
                                        key,
                                        "https://elsewhere",
                                        List.of("admin"),
                                        Instant.now().plusSeconds(300)))
                        .statusCode())
                .isEqualTo(401);
        // a token without our roles logs in but sees no plant
        String none = token(key, issuer, List.of("viewer"), Instant.now().plusSeconds(300));
        assertThat(call("GET", "/api/alerts/plant-a/fa", none).statusCode()).isEqualTo(403);
    }
}
