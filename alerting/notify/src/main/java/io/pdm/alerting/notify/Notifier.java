package io.pdm.alerting.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pdm.alerting.notify.Routing.Delivery;
import io.pdm.alerting.notify.Routing.Skip;
import io.pdm.alerting.notify.channel.Sender;
import io.pdm.alerting.notify.delivery.Deliverer;
import io.pdm.alerting.notify.delivery.DeliveryOutcome;
import io.pdm.alerting.notify.delivery.RateLimits;
import io.pdm.alerting.notify.delivery.RetryPolicy;
import io.pdm.alerting.notify.delivery.SentKeys;
import io.pdm.alerting.notify.prefs.NotificationPreferences;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: routes a notification by the users' preferences and delivers it on every chosen channel, each
 * delivery on a thread of its channel's pool (a slow webhook does not hold back e-mail). Thread-safe. Close it to
 * stop the pools; {@link #send} after {@link #close} throws {@code RejectedExecutionException}.
 *
 * <pre>{@code
 * Notifier notifier = new Notifier(PreferencesFile.load(path), Map.of(EMAIL, new EmailSender(smtp),
 *         WEBHOOK, new WebhookSender(Duration.ofSeconds(10), clock)), NotifierSettings.defaults(), registry, clock);
 * notifier.send(notification);            // returns when routed; deliveries go on in the background
 * }</pre>
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final AtomicReference<NotificationRouter> router;
    private final Clock clock;
    private final NotificationHistory history;
    private final Deliverer deliverer;
    private final Map<Target.Channel, ExecutorService> pools = new EnumMap<>(Target.Channel.class);
    private final Object routeLock = new Object();
    private final MeterRegistry meters;

    public Notifier(
            NotificationPreferences preferences,
            Map<Target.Channel, Sender> senders,
            NotifierSettings settings,
            MeterRegistry meters,
            Clock clock) {
        this.router = new AtomicReference<>(new NotificationRouter(preferences, clock));
        this.clock = clock;
        this.history = settings.history();
        this.meters = meters;
        SentKeys sent = settings.sentKeys();
        RateLimits.Limiters limiters = settings.rateLimits().limiters(System::nanoTime);
        RetryPolicy retry = settings.retry();
        this.deliverer = new Deliverer(senders, sent, limiters, retry, meters);
        // One pool per channel: webhooks waiting for their rate limit (1/s per URL by default) or a slow receiver
        // do not hold back e-mail, and the other way round.
        for (Target.Channel channel : Target.Channel.values()) {
            String prefix = "pdm-notify-" + channel.name().toLowerCase(Locale.ROOT) + "-";
            AtomicInteger n = new AtomicInteger();
            pools.put(channel, Executors.newFixedThreadPool(settings.threads(), r -> {
                Thread t = new Thread(r, prefix + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }));
        }
    }

    /** Replaces the preferences (a reloaded file); deliveries under way are not affected. */
    public void preferences(NotificationPreferences preferences) {
        router.set(new NotificationRouter(preferences, clock));
    }

    public NotificationPreferences preferences() {
        return router.get().preferences();
    }

    /**
     * Routes now and delivers in the background. The future completes with every delivery's outcome (never
     * exceptionally); the silent period starts at routing, for every user who was routed a delivery.
     */
    public CompletableFuture<List<DeliveryOutcome>> send(Notification notification) {
        Routing routing;
        synchronized (routeLock) { // route and record as one step, so two racing notifications obey the silent period
            routing = router.get().route(notification, history);
            routing.deliveries().stream()
                    .map(Delivery::user)
                    .distinct()
                    .forEach(u -> history.recordNotified(u, notification.asset(), clock.instant()));
        }
        for (Skip skip : routing.skipped()) {
            Counter.builder("pdm.notify.skipped")
                    .description("users not told, by reason")
                    .tag("reason", skip.reason().name().toLowerCase(Locale.ROOT))
                    .register(meters)
                    .increment();
            if (skip.reason() == Routing.Reason.UNKNOWN_USER) {
                LOG.warn("notification {} names unknown user '{}'", notification.idempotencyKey(), skip.user());
            }
        }
        List<CompletableFuture<DeliveryOutcome>> futures = new ArrayList<>();
        for (Delivery d : routing.deliveries()) {
            futures.add(CompletableFuture.supplyAsync(
                    () -> deliverer.deliver(notification, d),
                    pools.get(d.target().channel())));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    /** Stops taking work and waits up to 30 s for deliveries under way. */
    @Override
    public void close() {
        pools.values().forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            for (ExecutorService pool : pools.values()) {
                long left = deadline - System.nanoTime();
                if (!pool.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS)) pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pools.values().forEach(ExecutorService::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }
}
