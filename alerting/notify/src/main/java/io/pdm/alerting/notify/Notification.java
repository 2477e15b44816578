package io.pdm.alerting.notify;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thing to tell people, independent of how it is delivered.
 *
 * @param idempotencyKey the id of the event it comes from (e.g. the lifecycle's event id): the same key is never
 *     delivered twice to one target by one process, and travels as the webhook {@code Idempotency-Key} header and in
 *     the e-mail {@code Message-ID}, so a receiver can drop a repeat after a restart
 * @param plant plant id
 * @param asset asset id
 * @param severity 1–1000
 * @param band the severity's band; null means derived from {@code severity}, another band than the derived one is
 *     refused
 * @param kind the transition (raised, escalated, re-notify, …)
 * @param title one line, plain text
 * @param body plain text; may hold line breaks
 * @param link the alert in the inbox, or null
 * @param recipients user names when the notification is for named people only (an escalation to the next person);
 *     empty means everyone whose preferences match
 * @param occurredAt when the transition happened
 */
public record Notification(
        String idempotencyKey,
        String plant,
        String asset,
        int severity,
        SeverityBand band,
        NotificationKind kind,
        String title,
        String body,
        URI link,
        List<String> recipients,
        Instant occurredAt) {

    public Notification {
        requireText(idempotencyKey, "idempotencyKey");
        requireText(plant, "plant");
        requireText(asset, "asset");
        SeverityBand derived = SeverityBand.of(severity);
        if (band == null) band = derived;
        if (band != derived) {
            throw new IllegalArgumentException(
                    "band " + band + " does not match severity " + severity + " (" + derived + ")");
        }
        Objects.requireNonNull(kind, "kind is required");
        requireText(title, "title");
        body = body == null ? "" : body;
        if (link != null && !link.isAbsolute()) {
            throw new IllegalArgumentException("link must be an absolute URL, was " + link);
        }
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        Objects.requireNonNull(occurredAt, "occurredAt is required");
    }

    /** A notification for everyone whose preferences match, band derived from the severity. */
    public static Notification of(
            String idempotencyKey,
            String plant,
            String asset,
            int severity,
            NotificationKind kind,
            String title,
            String body,
            URI link,
            Instant occurredAt) {
        return new Notification(
                idempotencyKey, plant, asset, severity, null, kind, title, body, link, List.of(), occurredAt);
    }

    /** The same notification for the named users only. */
    public Notification to(List<String> users) {
        return new Notification(
                idempotencyKey, plant, asset, severity, band, kind, title, body, link, users, occurredAt);
    }

    /** Whether it names its recipients (then it goes to them only). */
    public boolean targeted() {
        return !recipients.isEmpty();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " is required");
    }
}
