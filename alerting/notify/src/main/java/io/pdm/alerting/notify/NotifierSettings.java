package io.pdm.alerting.notify;

import io.pdm.alerting.notify.delivery.InMemorySentKeys;
import io.pdm.alerting.notify.delivery.RateLimits;
import io.pdm.alerting.notify.delivery.RetryPolicy;
import io.pdm.alerting.notify.delivery.SentKeys;

/**
 * How a {@link Notifier} delivers.
 *
 * @param retry retries and backoff
 * @param rateLimits per-channel rate limits
 * @param sentKeys the dedup memory (in memory by default; pass a durable one to survive restarts)
 * @param history the silent-period memory
 * @param threads delivery threads per channel (e-mail and webhooks each have a pool; a thread blocks through its
 *     delivery's waits for a rate-limit token and between retries)
 */
public record NotifierSettings(
        RetryPolicy retry, RateLimits rateLimits, SentKeys sentKeys, NotificationHistory history, int threads) {
    public NotifierSettings {
        if (retry == null) retry = RetryPolicy.defaults();
        if (rateLimits == null) rateLimits = RateLimits.defaults();
        if (sentKeys == null) sentKeys = new InMemorySentKeys(100_000);
        if (history == null) history = new InMemoryNotificationHistory(100_000);
        if (threads < 1) throw new IllegalArgumentException("threads must be positive, was " + threads);
    }

    /** Default retries and rate limits, in-memory dedup and history of 100,000 entries each, 4 threads per channel. */
    public static NotifierSettings defaults() {
        return new NotifierSettings(null, null, null, null, 4);
    }

    public NotifierSettings withRetry(RetryPolicy retry) {
        return new NotifierSettings(retry, rateLimits, sentKeys, history, threads);
    }

    public NotifierSettings withRateLimits(RateLimits rateLimits) {
        return new NotifierSettings(retry, rateLimits, sentKeys, history, threads);
    }

    public NotifierSettings withSentKeys(SentKeys sentKeys) {
        return new NotifierSettings(retry, rateLimits, sentKeys, history, threads);
    }
}
