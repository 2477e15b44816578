package io.pdm.federated.plant;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.federated.protocol.AdapterLineage;
import io.pdm.federated.protocol.DeltaReceipt;
import io.pdm.federated.protocol.FlJson;
import io.pdm.federated.protocol.PublishedAdapter;
import io.pdm.federated.protocol.RejectionReason;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.protocol.RoundState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

/**
 * The aggregator's /fl/v1 API over HTTPS with the plant's client certificate, one method per endpoint. Refusals
 * become {@link AggregatorRejectedException}; transport failures {@link UncheckedIOException}.
 */
public final class AggregatorClient {

    private static final String JSON = "application/json";

    /** Between two polls of an aggregator that does not hold phase requests (before long polling). */
    public static final Duration FALLBACK_POLL = Duration.ofMillis(50);

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public AggregatorClient(URI aggregatorUrl, SSLContext tls, Duration timeout) {
        this.base = URI.create(aggregatorUrl.toString().replaceAll("/+$", "") + "/fl/v1/");
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.timeout = timeout;
    }

    public Optional<RoundAnnouncement> currentRound() {
        HttpResponse<byte[]> response = send(get("rounds/current"));
        return response.statusCode() == 204 ? Optional.empty() : Optional.of(json(response, RoundAnnouncement.class));
    }

    public RoundState round(long round) {
        return json(send(get("rounds/" + round)), RoundState.class);
    }

    public AdapterLineage latestAdapter() {
        return json(send(get("adapters/latest")), AdapterLineage.class);
    }

    /** A published version with its config and weights. */
    public PublishedAdapter adapter(long version) {
        AdapterLineage lineage = json(send(get("adapters/" + version + "/lineage")), AdapterLineage.class);
        String config = new String(
                ok(send(get("adapters/" + version + "/adapter_config.json"))).body(), StandardCharsets.UTF_8);
        byte[] weights = ok(send(get("adapters/" + version + "/adapter_model.safetensors")))
                .body();
        return new PublishedAdapter(lineage, config, weights);
    }

    public DeltaReceipt uploadDelta(long round, String plant, byte[] safetensors) {
        return json(
                send(post("rounds/" + round + "/deltas/" + plant, "application/octet-stream", safetensors)),
                DeltaReceipt.class);
    }

    /** POSTs a JSON message (path relative to /fl/v1/) that the aggregator acknowledges without a body. */
    public void postJson(String path, Object message) {
        ok(send(post(path, JSON, FlJson.write(message).getBytes(StandardCharsets.UTF_8))));
    }

    /** GETs a JSON resource; empty while the aggregator answers 204 (not ready yet). */
    public <T> Optional<T> getJson(String path, Class<T> answer) {
        HttpResponse<byte[]> response = send(get(path));
        return response.statusCode() == 204 ? Optional.empty() : Optional.of(json(response, answer));
    }

    /**
     * GETs a phase resource of a secure round, waiting up to {@code wait} (whole seconds, at least one) for it to
     * be ready: the aggregator holds the request until the phase changes ({@code Prefer: wait}, RFC 7240). Empty if
     * it is still not ready. An aggregator that does not wait (no {@code Preference-Applied} on its 204) is polled:
     * this method then pauses {@link #FALLBACK_POLL} before returning, so a caller's loop does not spin.
     */
    public <T> Optional<T> awaitJson(String path, Class<T> answer, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout.plusSeconds(seconds))
                .header("Prefer", "wait=" + seconds)
                .GET()
                .build();
        HttpResponse<byte[]> response = send(request);
        if (response.statusCode() != 204) {
            return Optional.of(json(response, answer));
        }
        if (response.headers().firstValue("Preference-Applied").isEmpty()) {
            pause(request);
        }
        return Optional.empty();
    }

    private static void pause(HttpRequest request) {
        try {
            Thread.sleep(FALLBACK_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling " + request.uri(), e);
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
    }

    private HttpRequest post(String path, String contentType, byte[] body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (!retryable(e)) throw e;
                // A kept-alive connection the aggregator closed while the plant computed (Tomcat drops idle ones
                // after a minute) fails the next request before any answer ("header parser received no bytes",
                // broken pipe). The client only retries GETs itself; a POST is retried once here on a fresh
                // connection. Safe: the aggregator refuses a message it already holds (duplicate upload, replayed
                // nonce, wrong phase), so a retry can never count a contribution twice.
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.uri(), e);
        }
    }

    /** Not a timeout (the aggregator may still be working) nor a refused handshake (it would be refused again). */
    private static boolean retryable(IOException e) {
        return !(e instanceof HttpTimeoutException) && !(e instanceof SSLHandshakeException);
    }

    private static <T> T json(HttpResponse<byte[]> response, Class<T> type) {
        return FlJson.read(new String(ok(response).body(), StandardCharsets.UTF_8), type);
    }

    private static HttpResponse<byte[]> ok(HttpResponse<byte[]> response) {
        if (response.statusCode() / 100 == 2) {
            return response;
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        RejectionReason reason = null;
        String detail = body;
        try {
            JsonNode problem = FlJson.mapper().readTree(body);
            reason = RejectionReason.fromType(problem.path("type").asText());
            detail = problem.path("detail").asText();
        } catch (IOException | IllegalArgumentException notAProblem) {
            // keep the raw body as the detail
        }
        throw new AggregatorRejectedException(response.statusCode(), reason, detail);
    }
}
