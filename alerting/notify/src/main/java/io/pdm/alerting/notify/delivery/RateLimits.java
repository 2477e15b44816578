package io.pdm.alerting.notify.delivery;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.pdm.alerting.notify.Target;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Per-channel rate limits (resilience4j's rate limiter: a bucket of {@code permits} tokens refilled every
 * {@code period}; a token bucket that refills in one step). E-mail shares one limiter, the SMTP relay; every webhook
 * URL has its own (Slack allows about one message per second per incoming webhook). An attempt without a token waits
 * for one up to {@code maxWait}; a retry needs a token too.
 *
 * @param emailPermits e-mails per period
 * @param emailPeriod the e-mail period
 * @param webhookPermits requests per period and webhook URL
 * @param webhookPeriod the webhook period
 * @param maxWait longest wait for a token before the delivery fails as rate-limited
 */
public record RateLimits(
        int emailPermits, Duration emailPeriod, int webhookPermits, Duration webhookPeriod, Duration maxWait) {
    public RateLimits {
        if (emailPermits < 1 || webhookPermits < 1) throw new IllegalArgumentException("permits must be positive");
        if (emailPeriod == null || emailPeriod.isZero() || emailPeriod.isNegative()) {
            throw new IllegalArgumentException("emailPeriod must be positive");
        }
        if (webhookPeriod == null || webhookPeriod.isZero() || webhookPeriod.isNegative()) {
            throw new IllegalArgumentException("webhookPeriod must be positive");
        }
        if (maxWait == null || maxWait.isNegative()) throw new IllegalArgumentException("maxWait must not be negative");
    }

    /** 10 e-mails per second, 1 request per second per webhook, waiting up to 5 minutes for a token. */
    public static RateLimits defaults() {
        return new RateLimits(10, Duration.ofSeconds(1), 1, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    /** The limiters, created on first use; {@code nanoTime} is the clock (System::nanoTime outside tests). */
    public Limiters limiters(Supplier<Long> nanoTime) {
        return new Limiters(this, nanoTime);
    }

    /** The live limiters of one notifier. */
    public static final class Limiters {
        private final RateLimits limits;
        private final Supplier<Long> nanoTime;
        private final Map<String, RateLimiter> byKey = new ConcurrentHashMap<>();

        private Limiters(RateLimits limits, Supplier<Long> nanoTime) {
            this.limits = limits;
            this.nanoTime = nanoTime;
        }

        /** The limiter of the target's channel. */
        public RateLimiter of(Target target) {
            boolean email = target.channel() == Target.Channel.EMAIL;
            String key = email ? "email" : "webhook:" + target.address();
            return byKey.computeIfAbsent(
                    key,
                    k -> RateLimiter.of(
                            email ? "email" : "webhook-" + target.name(),
                            RateLimiterConfig.custom()
                                    .limitForPeriod(email ? limits.emailPermits() : limits.webhookPermits())
                                    .limitRefreshPeriod(email ? limits.emailPeriod() : limits.webhookPeriod())
                                    .timeoutDuration(limits.maxWait())
                                    .build(),
                            nanoTime));
        }
    }
}
