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
 * delivery on its own pool thread (a slow webhook does not hold back e-mail). Thread-safe; close it to stop the pool.
 *
 * <pre>{@code
 * Notifier notifier = new Notifier(PreferencesFile.load(path), Map.of(EMAIL, new EmailSender(smtp),
 *         WEBHOOK, new WebhookSender(Duration.ofSeconds(10), clock)), NotifierSettings.defaults(), registry, clock);
 * notifier.notify(notification);            // returns when routed; deliveries go on in the background
 * }</pre>
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final AtomicReference<NotificationRouter> router;
    private final Clock clock;
    private final NotificationHistory history;
    private final Deliverer deliverer;
    private final ExecutorService pool;
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
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "pdm-notify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
    public CompletableFuture<List<DeliveryOutcome>> notify(Notification notification) {
        Routing routing;
        synchronized (history) { // route and record as one step, so two racing notifications obey the silent period
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
            futures.add(CompletableFuture.supplyAsync(() -> deliverer.deliver(notification, d), pool));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    /** Stops taking work and waits up to 30 s for deliveries under way. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) pool.shutdownNow();
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
