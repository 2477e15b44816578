package io.pdm.alerting.notify.delivery;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.pdm.alerting.notify.channel.DeliveryException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries of one delivery (resilience4j's {@code Retry} runs them): exponential backoff with jitter, retry k waiting
 * {@code min(maxBackoff, initial · multiplier^(k-1))}, then spread uniformly by ± {@code jitter}, so
 * deliveries that failed together do not all come back at the same instant. A receiver's {@code Retry-After} is
 * honoured: the wait is at least what it asked, but at most {@code maxRetryAfter}, so one receiver cannot park a
 * delivery thread for an hour. Only {@link DeliveryException#retryable()} failures are retried.
 *
 * @param maxAttempts attempts in all, the first one included
 * @param initialBackoff wait before the second attempt
 * @param multiplier growth per attempt
 * @param jitter randomization factor, 0 (none) to 1
 * @param maxBackoff cap of the computed wait
 * @param maxRetryAfter cap of a receiver's Retry-After
 */
public record RetryPolicy(
        int maxAttempts,
        Duration initialBackoff,
        double multiplier,
        double jitter,
        Duration maxBackoff,
        Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive");
        }
        if (!(multiplier >= 1)) throw new IllegalArgumentException("multiplier must be ≥ 1, was " + multiplier);
        if (!(jitter >= 0 && jitter < 1)) throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be ≥ initialBackoff");
        }
        if (maxRetryAfter == null || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("maxRetryAfter must not be negative");
        }
    }

    /** 6 attempts over about a minute: 2 s, 4 s, 8 s, 16 s, 30 s (± 30 %); Retry-After up to 5 min. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofSeconds(2), 2.0, 0.3, Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    /** The wait in milliseconds before retry number {@code attempt} (1 = after the first failure). */
    public long waitMillis(int attempt, Throwable failure) {
        // Hand-written rather than resilience4j's IntervalFunction.ofExponentialRandomBackoff: that one caps after
        // the jitter, so every wait at the cap is the cap exactly and the deliveries it should spread come back
        // together. Here the cap applies first and the jitter always spreads.
        double base = Math.min(
                maxBackoff.toMillis(), initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1)));
        long computed =
                Math.round(base * (1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1)));
        if (failure instanceof DeliveryException d && d.retryAfter().isPresent()) {
            long asked = Math.min(d.retryAfter().get().toMillis(), maxRetryAfter.toMillis());
            return Math.max(computed, asked);
        }
        return computed;
    }

    /** The resilience4j configuration: retry retryable delivery failures only, with {@link #waitMillis}. */
    public <T> RetryConfig config() {
        IntervalBiFunction<T> interval =
                (attempt, result) -> waitMillis(attempt, result.isLeft() ? result.getLeft() : null);
        return RetryConfig.<T>custom()
                .maxAttempts(maxAttempts)
                .intervalBiFunction(interval)
                .retryOnException(e -> e instanceof DeliveryException d && d.retryable())
                .failAfterMaxAttempts(false)
                .build();
    }
}
