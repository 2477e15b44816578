package io.pdm.inference.writer;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach an OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp's server, …).
 *
 * @param baseUrl          e.g. {@code http://localhost:11434} or {@code http://gpu-box:8000/v1}
 * @param apiKey           sent as a bearer token when not null (local servers usually need none)
 * @param timeout          per HTTP attempt
 * @param maxAttempts      attempts per text, retrying connection errors, timeouts, 429 and 5xx
 * @param backoff          wait before the second attempt; doubles each further attempt
 * @param jsonSchema       ask for {@code response_format: json_schema} (vLLM, Ollama ≥ 0.5, llama.cpp and
 *                         OpenAI support it); off for servers that reject the field
 * @param breakerWindow    the circuit breaker looks at the last this-many attempts…
 * @param breakerFailureRate …and opens when at least this percentage of them failed…
 * @param breakerOpenFor   …for this long, during which texts go straight to the template
 */
public record OpenAiConfig(
        URI baseUrl,
        String model,
        String apiKey,
        Duration timeout,
        int maxAttempts,
        Duration backoff,
        boolean jsonSchema,
        int breakerWindow,
        float breakerFailureRate,
        Duration breakerOpenFor,
        double temperature,
        int maxTokens) {
    public OpenAiConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("baseUrl must be http(s): " + baseUrl);
        }
        if (maxAttempts < 1 || breakerWindow < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("maxAttempts, breakerWindow and maxTokens must be at least 1");
        }
        if (!(breakerFailureRate > 0 && breakerFailureRate <= 100)) {
            throw new IllegalArgumentException("breakerFailureRate must be in (0, 100], got " + breakerFailureRate);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** 20 s per attempt, 3 attempts from 500 ms, JSON schema on; breaker over 10 attempts at 50 % for 60 s. */
    public static OpenAiConfig defaults(URI baseUrl, String model) {
        return new OpenAiConfig(
                baseUrl,
                model,
                null,
                Duration.ofSeconds(20),
                3,
                Duration.ofMillis(500),
                true,
                10,
                50f,
                Duration.ofSeconds(60),
                0.2,
                300);
    }

    /** The chat-completions endpoint under the base URL, whether or not it already ends in /v1. */
    public URI endpoint() {
        String base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base.endsWith("/v1") ? base + "/chat/completions" : base + "/v1/chat/completions");
    }
}
