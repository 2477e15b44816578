package io.pdm.alerting.notify.channel;

import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.Target;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Webhooks over {@link HttpClient}: one POST per attempt with the body of the target's format and an
 * {@code Idempotency-Key} header carrying the notification's key, so a receiver that saw the key can drop a repeat.
 * 2xx is success; 408, 425, 429 and 5xx are worth retrying (with the {@code Retry-After} the receiver sent); any
 * other status is final.
 */
public final class WebhookSender implements Sender {
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final HttpClient client;
    private final Duration timeout;
    private final Clock clock;

    /** @param timeout connect timeout and the whole request's timeout of one attempt */
    public WebhookSender(Duration timeout, Clock clock) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirected POST could land twice
                .build();
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public void send(Notification n, Target target) throws DeliveryException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.address()))
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "pdm-notify")
                .header(IDEMPOTENCY_HEADER, n.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(
                        WebhookBodies.render(n, target.format()), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw DeliveryException.retryable("webhook " + target.name() + ": " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.permanent("webhook " + target.name() + ": interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) return;
        String detail = "webhook " + target.name() + " answered " + status + snippet(response.body());
        if (status == 408 || status == 425 || status == 429 || status >= 500) {
            Duration retryAfter = response.headers()
                    .firstValue("Retry-After")
                    .flatMap(v -> retryAfter(v, clock))
                    .orElse(null);
            throw DeliveryException.retryable(detail, retryAfter, null);
        }
        throw DeliveryException.permanent(detail, null);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); empty when it is neither. */
    static Optional<Duration> retryAfter(String value, Clock clock) {
        String v = value.trim();
        try {
            if (v.matches("\\d{1,9}")) return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) return "";
        String one = body.strip().replaceAll("\\s+", " ");
        return ": " + (one.length() > 200 ? one.substring(0, 200) + "…" : one);
    }
}
