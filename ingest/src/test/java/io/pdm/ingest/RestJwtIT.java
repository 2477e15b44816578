package io.pdm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OAuth2 bearer tokens on the REST intake: real RS256 JWTs, checked against a JWK set served over HTTP by a real
 * server (the JDK's), with the plant named by a claim.
 */
class RestJwtIT {
    static final String PLANT_A = "jwt-plant-a";
    static final String PLANT_B = "jwt-plant-b";
    static final String ISSUER = "https://login.example/realms/pdm";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static RSAKey issuerKey;
    static HttpServer jwks;
    static IngestService svc;

    @BeforeAll
    static void start() throws Exception {
        TestInfra.createTopics(PLANT_A, PLANT_B);
        issuerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] set = new JWKSet(issuerKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, set.length);
            exchange.getResponseBody().write(set);
            exchange.close();
        });
        jwks.start();
        svc = IngestService.start(TestInfra.config("it-rest-jwt")
                .mqttEnabled(false)
                .restPort(0)
                .restAddress("127.0.0.1")
                .jwt(new IngestConfig.Jwt(
                        ISSUER, "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks", "plant"))
                .build());
    }

    @AfterAll
    static void stop() {
        if (svc != null) svc.close();
        if (jwks != null) jwks.stop(0);
    }

    static String token(RSAKey key, String issuer, Object plant, Instant expires) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("gateway-7")
                .claim("plant", plant)
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static HttpResponse<String> post(String plant, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.restPort() + "/api/v1/plants/" + plant
                                + "/assets/pump-1/maintenance-logs"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"wo-jwt-" + System.nanoTime()
                                + "\",\"ts\":\"" + Instant.now().minusSeconds(60) + "\",\"text\":\"via token\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aTokenNamingThePlantWritesThereAndNowhereElse() throws Exception {
        String token = token(issuerKey, ISSUER, PLANT_A, Instant.now().plusSeconds(300));
        assertThat(post(PLANT_A, token).statusCode()).isEqualTo(202);
        HttpResponse<String> other = post(PLANT_B, token);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("FORBIDDEN");
        String both = token(
                issuerKey, ISSUER, List.of(PLANT_A, PLANT_B), Instant.now().plusSeconds(300));
        assertThat(post(PLANT_B, both).statusCode()).isEqualTo(202);
    }

    @Test
    void expiredForeignOrWronglySignedTokensAre401() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        for (String bad : List.of(
                token(issuerKey, ISSUER, PLANT_A, Instant.now().minusSeconds(600)),
                token(issuerKey, "https://evil.example", PLANT_A, Instant.now().plusSeconds(300)),
                token(stranger, ISSUER, PLANT_A, Instant.now().plusSeconds(300)))) {
            HttpResponse<String> res = post(PLANT_A, bad);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(401);
            assertThat(res.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(res.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
        }
    }

    @Test
    void anUnreachableJwkSetIs503NotTheCallersFault() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (IngestService other = IngestService.start(TestInfra.config("it-rest-jwt-down")
                .mqttEnabled(false)
                .restPort(0)
                .restAddress("127.0.0.1")
                .jwt(new IngestConfig.Jwt(ISSUER, "http://127.0.0.1:" + closed + "/jwks", "plant"))
                .build())) {
            HttpResponse<String> res = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.restPort() + "/api/v1/plants/"
                                    + PLANT_A + "/assets/pump-1/maintenance-logs"))
                            .header("Content-Type", "application/json")
                            .header(
                                    "Authorization",
                                    "Bearer "
                                            + token(
                                                    issuerKey,
                                                    ISSUER,
                                                    PLANT_A,
                                                    Instant.now().plusSeconds(300)))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as(res.body()).isEqualTo(503);
            assertThat(res.body()).contains("AUTHENTICATION_UNAVAILABLE", "JWK set");
            assertThat(res.headers().firstValue("Retry-After")).hasValue("5");
        }
    }
}
