package io.pdm.inference.writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.FactSheetText;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Writes alert texts with an OpenAI-compatible server ({@code POST /v1/chat/completions}): the fact sheet as
 * the user message, {@link AlertWriter#INSTRUCTIONS} as the system message and, when configured, a JSON
 * schema ({@code {"text": …, "cited_log_ids": […]}}) as {@code response_format}. Each attempt has a timeout;
 * connection errors, timeouts, 429 and 5xx are retried with exponential backoff (resilience4j Retry); a
 * circuit breaker (resilience4j) stops calling a failing server for a while, so alerts go to the template at
 * once instead of each waiting out its retries. Thread-safe.
 */
public final class OpenAiCompatibleWriter implements AlertWriter {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OpenAiConfig config;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;

    public OpenAiCompatibleWriter(OpenAiConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.breaker = CircuitBreaker.of(
                "alert-writer:" + config.baseUrl(),
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(config.breakerWindow())
                        .minimumNumberOfCalls(config.breakerWindow())
                        .failureRateThreshold(config.breakerFailureRate())
                        .waitDurationInOpenState(config.breakerOpenFor())
                        .build());
        this.retry = Retry.of(
                "alert-writer:" + config.baseUrl(),
                RetryConfig.custom()
                        .maxAttempts(config.maxAttempts())
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(config.backoff(), 2.0))
                        .retryOnException(e -> e instanceof Retryable)
                        .build());
    }

    @Override
    public String id() {
        return "openai:" + config.model() + "@" + config.baseUrl();
    }

    /** The breaker's state (CLOSED, OPEN, HALF_OPEN…), for metrics and tests. */
    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    @Override
    public String write(FactSheet sheet, Rewrite rewrite) throws WriterException {
        byte[] body = requestBody(sheet, rewrite);
        try {
            return retry.executeCheckedSupplier(() -> breaker.executeCheckedSupplier(() -> attempt(body)));
        } catch (CallNotPermittedException e) {
            throw new WriterException(id() + ": circuit breaker is open after repeated failures", e);
        } catch (WriterException e) {
            throw e;
        } catch (Retryable e) {
            throw new WriterException(
                    id() + ": " + e.getMessage() + " (after " + config.maxAttempts() + " attempts)",
                    e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriterException(id() + ": interrupted", e);
        } catch (Throwable e) {
            throw new WriterException(id() + ": " + e, e);
        }
    }

    private String attempt(byte[] body) throws WriterException, Retryable, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.endpoint())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.apiKey() != null) {
            request.header("Authorization", "Bearer " + config.apiKey());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Retryable(
                    e.getClass().getSimpleName() + " calling " + config.endpoint() + ": " + e.getMessage(), e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new Retryable(
                    "HTTP " + status + " from " + config.endpoint() + ": " + snippet(response.body()), null);
        }
        if (status != 200) {
            throw new WriterException(id() + ": HTTP " + status + ": " + snippet(response.body()));
        }
        return parse(response.body());
    }

    /** The text of a chat-completions answer; a malformed one is a precise error, never an empty text. */
    String parse(String body) throws WriterException {
        JsonNode content;
        try {
            content =
                    JSON.readTree(body).path("choices").path(0).path("message").path("content");
        } catch (IOException e) {
            throw new WriterException(id() + ": malformed answer, not JSON: " + snippet(body), e);
        }
        if (!content.isTextual() || content.asText().isBlank()) {
            throw new WriterException(id() + ": malformed answer, no choices[0].message.content: " + snippet(body));
        }
        if (!config.jsonSchema()) {
            return content.asText().strip();
        }
        try {
            JsonNode text = JSON.readTree(content.asText()).path("text");
            if (!text.isTextual() || text.asText().isBlank()) {
                throw new WriterException(
                        id() + ": malformed answer, content has no \"text\": " + snippet(content.asText()));
            }
            return text.asText().strip();
        } catch (IOException e) {
            throw new WriterException(
                    id() + ": malformed answer, content is not the requested JSON: " + snippet(content.asText()), e);
        }
    }

    private byte[] requestBody(FactSheet sheet, Rewrite rewrite) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", config.model());
        root.put("temperature", config.temperature());
        root.put("max_tokens", config.maxTokens());
        ArrayNode messages = root.putArray("messages");
        messages.addObject()
                .put("role", "system")
                .put(
                        "content",
                        INSTRUCTIONS
                                + (config.jsonSchema()
                                        ? " Answer as JSON with the text and the ids of the logs you cite."
                                        : ""));
        String user = "Facts:\n" + FactSheetText.render(sheet) + (rewrite == null ? "" : "\n" + rewrite.instruction());
        messages.addObject().put("role", "user").put("content", user);
        if (config.jsonSchema()) {
            ObjectNode format = root.putObject("response_format");
            format.put("type", "json_schema");
            ObjectNode schema = format.putObject("json_schema");
            schema.put("name", "alert_text");
            schema.put("strict", true);
            ObjectNode s = schema.putObject("schema");
            s.put("type", "object");
            ObjectNode props = s.putObject("properties");
            props.putObject("text").put("type", "string");
            ObjectNode cited = props.putObject("cited_log_ids");
            cited.put("type", "array");
            cited.putObject("items").put("type", "string");
            s.putArray("required").add("text").add("cited_log_ids");
            s.put("additionalProperties", false);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    private static String snippet(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }

    /** A failure worth another attempt: connection error, timeout, 429, 5xx. */
    static final class Retryable extends Exception {
        private static final long serialVersionUID = 1L;

        Retryable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
