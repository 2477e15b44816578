package io.pdm.alerting.notify.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.NotificationKind;
import io.pdm.alerting.notify.Notifier;
import io.pdm.alerting.notify.NotifierSettings;
import io.pdm.alerting.notify.Target;
import io.pdm.alerting.notify.channel.WebhookSender;
import io.pdm.alerting.notify.delivery.DeliveryOutcome;
import io.pdm.alerting.notify.delivery.DeliveryOutcome.Status;
import io.pdm.alerting.notify.delivery.RateLimits;
import io.pdm.alerting.notify.delivery.RetryPolicy;
import io.pdm.alerting.notify.it.Receiver.Answer;
import io.pdm.alerting.notify.prefs.NotificationPreferences;
import io.pdm.alerting.notify.prefs.PreferencesFile;
import io.pdm.schemas.testing.ContractSchemas;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery end to end against a real HTTP receiver on a free port: retries on 503 and 429 (honouring
 * Retry-After), no retry on 400, the same Idempotency-Key on every attempt, no second send of a notification, the
 * three bodies as received, and the per-webhook rate limit.
 */
class WebhookDeliveryIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final RetryPolicy FAST =
            new RetryPolicy(4, Duration.ofMillis(50), 2.0, 0.2, Duration.ofMillis(400), Duration.ofSeconds(5));
    static final RateLimits LOOSE =
            new RateLimits(100, Duration.ofSeconds(1), 100, Duration.ofSeconds(1), Duration.ofSeconds(10));

    Receiver receiver;
    SimpleMeterRegistry meters;
    Notifier notifier;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        if (notifier != null) notifier.close();
        receiver.close();
    }

    /** One user "ops" with one webhook per path given, in that format; every plant, no silent period. */
    Notifier notifier(RateLimits limits, String... pathAndFormat) throws Exception {
        StringBuilder yaml = new StringBuilder("users:\n  - name: ops\n    plants: [\"*\"]\n    webhooks:\n");
        for (String pf : pathAndFormat) {
            String[] p = pf.split("=");
            yaml.append("      - {name: ")
                    .append(p[0].substring(1))
                    .append(", url: \"")
                    .append(receiver.url(p[0]))
                    .append("\", format: ")
                    .append(p[1])
                    .append("}\n");
        }
        NotificationPreferences prefs = PreferencesFile.parse(yaml.toString(), "it.yaml", true);
        Clock clock = Clock.systemUTC();
        notifier = new Notifier(
                prefs,
                Map.of(Target.Channel.WEBHOOK, new WebhookSender(Duration.ofSeconds(5), clock)),
                NotifierSettings.defaults().withRetry(FAST).withRateLimits(limits),
                meters,
                clock);
        return notifier;
    }

    static Notification notification(String key) {
        return Notification.of(
                key,
                "plant-a",
                "pump-3",
                720,
                NotificationKind.RAISED,
                "Bearing wear rising",
                "Vibration 7.1 mm/s, up 40 % in 6 h",
                URI.create("https://inbox.example/alerts/" + key),
                Instant.parse("2026-12-05T14:00:00Z"));
    }

    static List<DeliveryOutcome> await(CompletableFuture<List<DeliveryOutcome>> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    double count(String name, String tag, String value) {
        var c = meters.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void a503IsRetriedWithTheSameIdempotencyKeyUntilAccepted() throws Exception {
        receiver.script("/flaky", new Answer(503, null), new Answer(503, null));
        List<DeliveryOutcome> out = await(notifier(LOOSE, "/flaky=generic").send(notification("evt-1")));

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Status.SENT);
            assertThat(o.attempts()).isEqualTo(3);
        });
        List<Receiver.Request> got = receiver.at("/flaky");
        assertThat(got).hasSize(3).allSatisfy(r -> {
            assertThat(r.idempotencyKey()).isEqualTo("evt-1");
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(ContractSchemas.validate("notification-webhook", r.body()))
                    .isEmpty();
        });
        assertThat(count("pdm.notify.attempts", "result", "retryable")).isEqualTo(2);
        assertThat(count("pdm.notify.attempts", "result", "ok")).isEqualTo(1);
        assertThat(count("pdm.notify.deliveries", "outcome", "sent")).isEqualTo(1);
        assertThat(meters.find("pdm.notify.delivery.duration")
                        .tag("outcome", "sent")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void a429WaitsForRetryAfter() throws Exception {
        receiver.script("/busy", new Answer(429, "1"));
        List<DeliveryOutcome> out = await(notifier(LOOSE, "/busy=generic").send(notification("evt-2")));

        assertThat(out).singleElement().extracting(DeliveryOutcome::status).isEqualTo(Status.SENT);
        List<Receiver.Request> got = receiver.at("/busy");
        assertThat(got).hasSize(2);
        assertThat(Duration.ofNanos(got.get(1).nanos() - got.get(0).nanos()))
                .as("the receiver asked for 1 s; the backoff alone would be about 50 ms")
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void another4xxIsNotRetriedAndAnEndless503GivesUpThenMayBeTriedAgain() throws Exception {
        receiver.script("/bad", new Answer(400, null));
        receiver.script("/down", new Answer(503, null));
        Notifier n = notifier(LOOSE, "/bad=generic", "/down=slack");
        List<DeliveryOutcome> out = await(n.send(notification("evt-3")));

        assertThat(out)
                .extracting(o -> o.delivery().target().name(), DeliveryOutcome::status, DeliveryOutcome::attempts)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("bad", Status.REJECTED, 1),
                        org.assertj.core.groups.Tuple.tuple("down", Status.GAVE_UP, FAST.maxAttempts()));
        assertThat(out)
                .filteredOn(o -> o.status() == Status.REJECTED)
                .singleElement()
                .satisfies(o -> assertThat(o.detail()).contains("answered 400"));
        assertThat(receiver.at("/bad")).hasSize(1);
        assertThat(receiver.at("/down")).hasSize(FAST.maxAttempts());
        // A failed delivery releases its key: the same notification later is tried again, not taken for a duplicate.
        List<DeliveryOutcome> again = await(n.send(notification("evt-3")));
        assertThat(again).extracting(DeliveryOutcome::status).doesNotContain(Status.DUPLICATE);
        assertThat(receiver.at("/down")).hasSize(2 * FAST.maxAttempts());
    }

    @Test
    void theSameNotificationIsSentOnceEvenWhenItRaces() throws Exception {
        receiver.script("/slow", new Answer(503, null)); // keeps the first delivery in flight while the others arrive
        Notifier n = notifier(LOOSE, "/slow=generic");
        List<CompletableFuture<List<DeliveryOutcome>>> racing =
                List.of(n.send(notification("evt-4")), n.send(notification("evt-4")), n.send(notification("evt-4")));
        List<Status> statuses = racing.stream()
                .flatMap(f -> f.join().stream())
                .map(DeliveryOutcome::status)
                .toList();
        assertThat(statuses).containsExactlyInAnyOrder(Status.SENT, Status.DUPLICATE, Status.DUPLICATE);
        assertThat(await(n.send(notification("evt-4"))))
                .extracting(DeliveryOutcome::status)
                .containsExactly(Status.DUPLICATE);
        List<Receiver.Request> got = receiver.at("/slow");
        assertThat(got).hasSize(2); // the 503 and the accepted retry: one notification, sent once
        assertThat(count("pdm.notify.deliveries", "outcome", "duplicate")).isEqualTo(3);
    }

    @Test
    void slackTeamsAndGenericReceiversGetTheirOwnBodies() throws Exception {
        List<DeliveryOutcome> out = await(notifier(LOOSE, "/slack=slack", "/teams=teams", "/generic=generic")
                .send(notification("evt-5")));
        assertThat(out)
                .extracting(DeliveryOutcome::status)
                .containsOnly(Status.SENT)
                .hasSize(3);

        JsonNode slack = JSON.readTree(receiver.at("/slack").get(0).body());
        assertThat(slack.get("text").asText()).isEqualTo("[HIGH 720] plant-a/pump-3: Bearing wear rising");
        assertThat(slack.at("/blocks/0/text/text").asText()).isEqualTo("Bearing wear rising");
        assertThat(slack.at("/blocks/3/elements/0/url").asText()).isEqualTo("https://inbox.example/alerts/evt-5");

        JsonNode teams = JSON.readTree(receiver.at("/teams").get(0).body());
        assertThat(teams.at("/attachments/0/contentType").asText())
                .isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(teams.at("/attachments/0/content/type").asText()).isEqualTo("AdaptiveCard");
        assertThat(teams.at("/attachments/0/content/body/1/text").asText())
                .isEqualTo("Vibration 7.1 mm/s, up 40 % in 6 h");

        String generic = receiver.at("/generic").get(0).body();
        assertThat(ContractSchemas.validate("notification-webhook", generic)).isEmpty();
        assertThat(JSON.readTree(generic).get("severity").asInt()).isEqualTo(720);
        assertThat(receiver.requests)
                .extracting(Receiver.Request::idempotencyKey)
                .containsOnly("evt-5");
    }

    /** The notifier records who was told, so the router's silent period holds back the next event of the asset. */
    @Test
    void theSilentPeriodHoldsBackTheNextEventOfTheSameAsset() throws Exception {
        String yaml = "users:\n  - {name: ops, plants: [\"*\"], silentPeriod: 1h, webhooks: [{name: quiet, url: \""
                + receiver.url("/quiet") + "\"}]}\n";
        Clock clock = Clock.systemUTC();
        notifier = new Notifier(
                PreferencesFile.parse(yaml, "it.yaml", true),
                Map.of(Target.Channel.WEBHOOK, new WebhookSender(Duration.ofSeconds(5), clock)),
                NotifierSettings.defaults().withRetry(FAST).withRateLimits(LOOSE),
                meters,
                clock);
        assertThat(await(notifier.send(notification("evt-6"))))
                .extracting(DeliveryOutcome::status)
                .containsExactly(Status.SENT);
        assertThat(await(notifier.send(notification("evt-7"))))
                .as("same asset within the hour")
                .isEmpty();
        assertThat(receiver.at("/quiet"))
                .extracting(Receiver.Request::idempotencyKey)
                .containsExactly("evt-6");
        assertThat(count("pdm.notify.skipped", "reason", "silent_period")).isEqualTo(1);
    }

    @Test
    void theRateLimitSpacesRequestsToOneWebhook() throws Exception {
        RateLimits twoPerSecond =
                new RateLimits(100, Duration.ofSeconds(1), 2, Duration.ofSeconds(1), Duration.ofSeconds(10));
        Notifier n = notifier(twoPerSecond, "/limited=generic");
        List<CompletableFuture<List<DeliveryOutcome>>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) sent.add(n.send(notification("evt-rl-" + i)));
        for (var f : sent)
            assertThat(await(f)).extracting(DeliveryOutcome::status).containsExactly(Status.SENT);

        List<Long> at = receiver.at("/limited").stream()
                .map(Receiver.Request::nanos)
                .sorted()
                .toList();
        assertThat(at).hasSize(5);
        // 2 tokens per second: the 5 requests need 3 refill periods, so the last comes over 1 s after the first.
        assertThat(Duration.ofNanos(at.get(4) - at.get(0))).isGreaterThan(Duration.ofMillis(1000));
        // and never more than 2 inside any 0.5 s (a refill is one step every second)
        for (int i = 0; i + 2 < at.size(); i++) {
            assertThat(Duration.ofNanos(at.get(i + 2) - at.get(i))).isGreaterThan(Duration.ofMillis(500));
        }
    }
}
