package io.pdm.alerting.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.pdm.alerting.notify.Target;
import io.pdm.alerting.notify.prefs.WebhookFormat;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Tokens per period per channel, on a clock the test moves. */
class RateLimitsTest {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final RateLimits.Limiters limiters =
            new RateLimits(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(1), Duration.ZERO).limiters(nanos::get);

    @Test
    void aWebhookGetsItsPermitsPerPeriodThenWaitsForTheNextPeriod() {
        RateLimiter hook = limiters.of(Target.webhook("a", "https://h.example/a", WebhookFormat.SLACK));
        assertThat(hook.acquirePermission()).isTrue();
        assertThat(hook.acquirePermission()).isTrue();
        assertThat(hook.acquirePermission()).as("third in the same second").isFalse();
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(hook.acquirePermission()).as("still the same period").isFalse();
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(hook.acquirePermission()).as("refilled").isTrue();
        assertThat(hook.acquirePermission()).isTrue();
        assertThat(hook.acquirePermission()).isFalse();
    }

    @Test
    void eachWebhookUrlHasItsOwnBucketAndEmailShareOne() {
        RateLimiter a = limiters.of(Target.webhook("a", "https://h.example/a", WebhookFormat.GENERIC));
        RateLimiter b = limiters.of(Target.webhook("b", "https://h.example/b", WebhookFormat.GENERIC));
        assertThat(a.acquirePermission(2)).isTrue();
        assertThat(a.acquirePermission()).isFalse();
        assertThat(b.acquirePermission()).as("another URL").isTrue();

        RateLimiter alice = limiters.of(Target.email("alice@x.example"));
        RateLimiter bob = limiters.of(Target.email("bob@x.example"));
        assertThat(alice).as("one relay, one bucket").isSameAs(bob);
        assertThat(alice.acquirePermission(3)).isTrue();
        assertThat(bob.acquirePermission()).isFalse();
    }
}
