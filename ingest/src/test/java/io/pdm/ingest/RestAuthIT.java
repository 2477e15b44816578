package io.pdm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.schemas.ApiKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST intake with per-plant API keys, capped bodies and problem+json for every error, over real HTTP against a
 * real Kafka broker.
 */
class RestAuthIT {
    static final String PLANT_A = "auth-plant-a";
    static final String PLANT_B = "auth-plant-b";
    static final String KEY_A = "key-of-plant-a-0123456789";
    static final String KEY_B = "key-of-plant-b-9876543210";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static IngestService svc;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        TestInfra.createTopics(PLANT_A, PLANT_B);
        Path keys = Files.writeString(
                dir.resolve("api-keys"),
                "# plant  sha256(key)\n" + PLANT_A + " " + ApiKeys.digestHex(KEY_A) + "\n" + PLANT_B + " "
                        + ApiKeys.digestHex(KEY_B) + "\n");
        svc = IngestService.start(TestInfra.config("it-rest-auth")
                .mqttEnabled(false)
                .restPort(0)
                .restAddress("127.0.0.1")
                .apiKeys(keys)
                .knownPlants(List.of(PLANT_A, PLANT_B))
                .build());
    }

    @AfterAll
    static void stop() {
        if (svc != null) svc.close();
    }

    static String entry(String id) {
        return "{\"id\":\"" + id + "\",\"ts\":\"" + Instant.now().minusSeconds(60)
                + "\",\"action\":\"repair\",\"text\":\"seal\"}";
    }

    static HttpResponse<String> post(String plant, String header, String value, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.restPort()
                        + "/api/v1/plants/" + plant + "/assets/pump-1/maintenance-logs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) b.header(header, value);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode problem(HttpResponse<String> res, int status) throws IOException {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode p = JSON.readTree(res.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asText()).startsWith("https://");
        assertThat(p.get("title").asText()).isNotBlank();
        return p;
    }

    @Test
    void aPlantsKeyWritesToItsOwnPlantByEitherHeader() throws Exception {
        assertThat(post(PLANT_A, "Authorization", "Bearer " + KEY_A, entry("wo-auth-1"))
                        .statusCode())
                .isEqualTo(202);
        assertThat(post(PLANT_B, "X-Api-Key", KEY_B, entry("wo-auth-2")).statusCode())
                .isEqualTo(202);
    }

    @Test
    void noKeyIs401WithAChallenge() throws Exception {
        HttpResponse<String> res = post(PLANT_A, null, null, entry("wo-auth-3"));
        assertThat(problem(res, 401).get("reason").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(res.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pdm-ingest\"");
        HttpResponse<String> wrong = post(PLANT_A, "Authorization", "Bearer not-a-key", entry("wo-auth-3"));
        problem(wrong, 401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }

    @Test
    void anotherPlantsKeyIs403() throws Exception {
        HttpResponse<String> res = post(PLANT_B, "Authorization", "Bearer " + KEY_A, entry("wo-auth-4"));
        JsonNode p = problem(res, 403);
        assertThat(p.get("reason").asText()).isEqualTo("FORBIDDEN");
        assertThat(p.get("detail").asText()).contains(PLANT_B);
        // the CSV import of another plant too, before its body is read
        HttpResponse<String> csv = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.restPort() + "/api/v1/plants/" + PLANT_B
                                + "/maintenance-logs:import"))
                        .header("Content-Type", "text/csv")
                        .header("X-Api-Key", KEY_A)
                        .POST(HttpRequest.BodyPublishers.ofString("id,ts,text\n"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        problem(csv, 403);
    }

    @Test
    void springsOwnErrorsAreProblemJsonToo() throws Exception {
        HttpResponse<String> notFound = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.restPort() + "/api/v1/nothing-here"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(problem(notFound, 404).get("reason").asText()).isEqualTo("NOT_FOUND");
        HttpResponse<String> method = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.restPort() + "/api/v1/plants/" + PLANT_A
                                + "/assets/pump-1/maintenance-logs"))
                        .header("X-Api-Key", KEY_A)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(problem(method, 405).get("reason").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        HttpResponse<String> malformed = post(PLANT_A, "X-Api-Key", KEY_A, "{\"id\": \"x\", ");
        assertThat(problem(malformed, 400).get("reason").asText()).isEqualTo("UNPARSABLE_JSON");
    }

    @Test
    void aDeclaredLengthOverTheCapIs413BeforeTheBodyIsRead() throws Exception {
        byte[] big = new byte[svc.config().limits().maxPayloadBytes() + 1];
        HttpResponse<String> res = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + svc.restPort() + "/api/v1/plants/" + PLANT_A
                                + "/assets/pump-1/maintenance-logs"))
                        .header("Content-Type", "application/json")
                        .header("X-Api-Key", KEY_A)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(problem(res, 413).get("reason").asText()).isEqualTo("OVERSIZED_PAYLOAD");
    }

    /**
     * Issue 14: two concurrent 1 GiB chunked POSTs ran the heap out. Now each is cut at its cap (256 KiB JSON, 32 MiB
     * CSV) and answered 413, and the client could send only a little past the cap before the server closed.
     */
    @Test
    void twoConcurrentGibibyteChunkedBodiesGet413AndTheHeapStaysSmall() throws Exception {
        long gib = 1L << 30;
        CompletableFuture<Streamed> json = CompletableFuture.supplyAsync(() -> streamChunked(
                "/api/v1/plants/" + PLANT_A + "/assets/pump-1/maintenance-logs", "application/json", gib));
        CompletableFuture<Streamed> csv = CompletableFuture.supplyAsync(
                () -> streamChunked("/api/v1/plants/" + PLANT_A + "/maintenance-logs:import", "text/csv", gib));
        for (Streamed s : List.of(json.get(), csv.get())) {
            System.out.printf("chunked 1 GiB POST: %s after the client sent %,d bytes%n", s.statusLine(), s.sent());
            assertThat(s.statusLine()).startsWith("HTTP/1.1 413");
            assertThat(s.body()).contains("\"reason\":\"OVERSIZED_PAYLOAD\"");
            // the server stopped reading near the cap (32 MiB at most, plus what sockets buffer), far from 1 GiB
            assertThat(s.sent()).isLessThan(128L << 20);
        }
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        assertThat(used).isLessThan(Runtime.getRuntime().maxMemory() / 2);
        // and the service still answers
        assertThat(post(PLANT_A, "X-Api-Key", KEY_A, entry("wo-auth-after")).statusCode())
                .isEqualTo(202);
    }

    record Streamed(String statusLine, String body, long sent) {}

    /** Sends up to {@code total} bytes as 64 KiB chunks, stopping when the server answers or closes. */
    static Streamed streamChunked(String path, String contentType, long total) {
        try (Socket socket = new Socket("127.0.0.1", svc.restPort())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                            + "\r\nX-Api-Key: " + KEY_A + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            long sent = 0;
            try {
                while (sent < total && in.available() == 0) {
                    out.write(head);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent += chunk.length;
                }
            } catch (IOException closedByServer) {
                // expected: the server answered and closed while we were still sending
            }
            // The answer may come while the server still swallows what we sent: read until it closes or goes quiet.
            socket.setSoTimeout(5_000);
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    answer.write(buf, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).contains("}")) break; // the problem's JSON is whole
                }
            } catch (IOException quietOrClosed) {
                // what arrived is the answer
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            int eol = text.indexOf("\r\n");
            return new Streamed(eol < 0 ? text : text.substring(0, eol), text, sent);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
