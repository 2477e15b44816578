package io.pdm.alerting.notify.delivery;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.Routing.Delivery;
import io.pdm.alerting.notify.Target;
import io.pdm.alerting.notify.channel.DeliveryException;
import io.pdm.alerting.notify.channel.Sender;
import io.pdm.alerting.notify.delivery.DeliveryOutcome.Status;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one notification to one target: dedup claim, then attempts (each after a rate-limit token) retried by the
 * {@link RetryPolicy}, then metrics. Blocks the calling thread through waits; {@code Notifier} runs it on its pool.
 *
 * <p>Metrics: {@code pdm.notify.deliveries} (counter; tags {@code channel}, {@code outcome}),
 * {@code pdm.notify.delivery.duration} (timer from first attempt to outcome; same tags), {@code pdm.notify.attempts}
 * (counter; tags {@code channel}, {@code result} = ok, retryable, permanent).
 */
public final class Deliverer {
    private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);

    private final Map<Target.Channel, Sender> senders;
    private final SentKeys sent;
    private final RateLimits.Limiters limiters;
    private final Retry retry;
    private final MeterRegistry meters;

    public Deliverer(
            Map<Target.Channel, Sender> senders,
            SentKeys sent,
            RateLimits.Limiters limiters,
            RetryPolicy policy,
            MeterRegistry meters) {
        this.senders = Map.copyOf(senders);
        this.sent = sent;
        this.limiters = limiters;
        this.retry = Retry.of("pdm-notify", policy.<Void>config());
        this.meters = meters;
    }

    public DeliveryOutcome deliver(Notification n, Delivery delivery) {
        Target target = delivery.target();
        String channel = target.channel().name().toLowerCase(Locale.ROOT);
        Sender sender = senders.get(target.channel());
        if (sender == null) {
            return finish(
                    n, delivery, channel, Status.REJECTED, 0, Duration.ZERO, "no " + channel + " channel configured");
        }
        if (!sent.claim(target.receiverKey(), n.idempotencyKey())) {
            return finish(n, delivery, channel, Status.DUPLICATE, 0, Duration.ZERO, "");
        }
        RateLimiter limiter = limiters.of(target);
        AtomicInteger attempts = new AtomicInteger();
        long start = System.nanoTime();
        Status status;
        String detail = "";
        try {
            Retry.decorateCheckedSupplier(retry, () -> {
                        if (!limiter.acquirePermission()) throw new RateLimited();
                        attempts.incrementAndGet();
                        try {
                            sender.send(n, target);
                            attempt(channel, "ok");
                            return null;
                        } catch (DeliveryException e) {
                            attempt(channel, e.retryable() ? "retryable" : "permanent");
                            LOG.debug("attempt {} to {} failed: {}", attempts.get(), target.name(), e.getMessage());
                            throw e;
                        }
                    })
                    .get();
            status = Status.SENT;
            sent.sent(target.receiverKey(), n.idempotencyKey());
        } catch (RateLimited e) {
            status = Status.RATE_LIMITED;
            detail = "no rate-limit token for " + target.name();
        } catch (DeliveryException e) {
            status = e.retryable() ? Status.GAVE_UP : Status.REJECTED;
            detail = e.getMessage();
        } catch (Throwable e) {
            status = Status.GAVE_UP;
            detail = String.valueOf(e);
        }
        if (status != Status.SENT) {
            sent.release(target.receiverKey(), n.idempotencyKey());
            LOG.warn(
                    "notification {} to {} ({}) {}: {}",
                    n.idempotencyKey(),
                    delivery.user(),
                    target.name(),
                    status,
                    detail);
        }
        return finish(
                n, delivery, channel, status, attempts.get(), Duration.ofNanos(System.nanoTime() - start), detail);
    }

    private void attempt(String channel, String result) {
        Counter.builder("pdm.notify.attempts")
                .description("delivery attempts by result")
                .tag("channel", channel)
                .tag("result", result)
                .register(meters)
                .increment();
    }

    private DeliveryOutcome finish(
            Notification n, Delivery d, String channel, Status status, int attempts, Duration took, String detail) {
        String outcome = status.name().toLowerCase(Locale.ROOT);
        Counter.builder("pdm.notify.deliveries")
                .description("deliveries by outcome")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
        Timer.builder("pdm.notify.delivery.duration")
                .description("from the first attempt to the outcome, retries and waits included")
                .tag("channel", channel)
                .tag("outcome", outcome)
                .register(meters)
                .record(took);
        return new DeliveryOutcome(d, n.idempotencyKey(), status, attempts, took, detail);
    }

    /** No token within the longest wait; not retried (the wait was the retry). */
    private static final class RateLimited extends Exception {
        RateLimited() {
            super(null, null, false, false);
        }
    }
}
