package io.pdm.alerting.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.retry.Retry;
import io.pdm.alerting.notify.channel.DeliveryException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Backoff grows exponentially within its jitter, honours Retry-After up to a cap, and retries only what may help. */
class RetryPolicyTest {
    static final RetryPolicy POLICY =
            new RetryPolicy(5, Duration.ofMillis(100), 2.0, 0.5, Duration.ofMillis(1000), Duration.ofSeconds(5));

    @Test
    void waitsGrowExponentiallyWithinTheJitterAndStopAtTheCap() {
        long[] base = {100, 200, 400, 800, 1000, 1000};
        for (int attempt = 1; attempt <= base.length; attempt++) {
            long min = Long.MAX_VALUE, max = 0;
            for (int i = 0; i < 500; i++) {
                long w = POLICY.waitMillis(attempt, null);
                min = Math.min(min, w);
                max = Math.max(max, w);
            }
            long b = base[attempt - 1];
            assertThat(min).as("attempt %d", attempt).isGreaterThanOrEqualTo((long) (b * 0.5) - 1);
            assertThat(max).as("attempt %d", attempt).isLessThanOrEqualTo((long) (b * 1.5) + 1);
            assertThat(max - min).as("jitter spreads attempt %d", attempt).isGreaterThan(b / 4);
        }
        RetryPolicy exact = new RetryPolicy(5, Duration.ofMillis(100), 3.0, 0, Duration.ofSeconds(10), Duration.ZERO);
        assertThat(exact.waitMillis(1, null)).isEqualTo(100);
        assertThat(exact.waitMillis(3, null)).isEqualTo(900);
    }

    @Test
    void retryAfterIsHonouredButCapped() {
        DeliveryException asks3s = DeliveryException.retryable("429", Duration.ofSeconds(3), null);
        assertThat(POLICY.waitMillis(1, asks3s)).isEqualTo(3000);
        DeliveryException asksHour = DeliveryException.retryable("503", Duration.ofHours(1), null);
        assertThat(POLICY.waitMillis(1, asksHour)).isEqualTo(5000);
        DeliveryException asksZero = DeliveryException.retryable("503", Duration.ZERO, null);
        assertThat(POLICY.waitMillis(1, asksZero)).isBetween(50L, 150L); // never shorter than the backoff
    }

    @Test
    void retriesRetryableFailuresUpToMaxAttemptsAndPermanentOnesNever() {
        RetryPolicy quick = new RetryPolicy(4, Duration.ofMillis(1), 1.0, 0, Duration.ofMillis(1), Duration.ZERO);
        Retry retry = Retry.of("t", quick.<Void>config());
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retry.decorateCheckedSupplier(retry, () -> {
                            calls.incrementAndGet();
                            throw DeliveryException.retryable("503", null, new IOException("x"));
                        })
                        .get())
                .isInstanceOf(DeliveryException.class);
        assertThat(calls).hasValue(4);

        calls.set(0);
        assertThatThrownBy(() -> Retry.decorateCheckedSupplier(retry, () -> {
                            calls.incrementAndGet();
                            throw DeliveryException.permanent("400", null);
                        })
                        .get())
                .hasMessage("400");
        assertThat(calls).hasValue(1);

        calls.set(0);
        Object ok = Retry.decorateCheckedSupplier(retry, () -> {
                    if (calls.incrementAndGet() < 3) throw DeliveryException.retryable("503", null, null);
                    return "sent";
                })
                .unchecked()
                .get();
        assertThat(ok).isEqualTo("sent");
        assertThat(calls).hasValue(3);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), 2, 0, Duration.ofMillis(1), Duration.ZERO))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMillis(1), 2, 1.5, Duration.ofMillis(1), Duration.ZERO))
                .hasMessageContaining("jitter");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMillis(10), 2, 0, Duration.ofMillis(1), Duration.ZERO))
                .hasMessageContaining("maxBackoff");
    }
}
