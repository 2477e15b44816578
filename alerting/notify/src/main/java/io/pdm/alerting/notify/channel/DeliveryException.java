package io.pdm.alerting.notify.channel;

import java.time.Duration;
import java.util.Optional;

/**
 * One attempt to deliver failed. {@link #retryable()} says whether trying again can help (a 5xx, a 429, an I/O
 * error, an SMTP 4xx) or not (another 4xx, an SMTP 5xx, a refused login); {@link #retryAfter()} is the wait the
 * receiver asked for, if it did.
 */
public final class DeliveryException extends Exception {
    private final boolean retryable;
    private final Duration retryAfter;

    private DeliveryException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static DeliveryException retryable(String message, Duration retryAfter, Throwable cause) {
        return new DeliveryException(message, true, retryAfter, cause);
    }

    public static DeliveryException permanent(String message, Throwable cause) {
        return new DeliveryException(message, false, null, cause);
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
