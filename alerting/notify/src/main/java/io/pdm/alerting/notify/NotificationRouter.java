package io.pdm.alerting.notify;

import io.pdm.alerting.notify.Routing.Delivery;
import io.pdm.alerting.notify.Routing.Reason;
import io.pdm.alerting.notify.Routing.Skip;
import io.pdm.alerting.notify.prefs.NotificationPreferences;
import io.pdm.alerting.notify.prefs.QuietHours;
import io.pdm.alerting.notify.prefs.UserPreferences;
import io.pdm.alerting.notify.prefs.WebhookTarget;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides who is told about a notification, on which channels, without any I/O: the same preferences, history and
 * clock give the same answer.
 *
 * <p>Rules, per user, in this order:
 * <ol>
 *   <li>a notification that names recipients (an escalation to the next person) goes to them only, and skips the
 *       plant and severity filters and the silent period, since the lifecycle chose the person on purpose;</li>
 *   <li>otherwise the user must follow the plant and the severity must reach the user's minimum;</li>
 *   <li>during the user's quiet hours (read in the user's time zone) only the critical band goes through, or nothing
 *       when the user chose {@code allow: none}; this applies to named recipients too: quiet hours are the person's
 *       own choice;</li>
 *   <li>a user told about the same asset within the silent period is not told again (unless named).</li>
 * </ol>
 * Every channel of a user who passes gets one delivery; a target two users share is delivered to once.
 */
public final class NotificationRouter {
    private final NotificationPreferences preferences;
    private final Clock clock;

    public NotificationRouter(NotificationPreferences preferences, Clock clock) {
        this.preferences = preferences;
        this.clock = clock;
    }

    public NotificationPreferences preferences() {
        return preferences;
    }

    public Routing route(Notification n, NotificationHistory history) {
        Instant now = clock.instant();
        List<Delivery> deliveries = new ArrayList<>();
        List<Skip> skipped = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        for (String name : n.recipients()) {
            if (preferences.user(name).isEmpty()) skipped.add(new Skip(name, Reason.UNKNOWN_USER));
        }
        for (UserPreferences user : preferences.users()) {
            Optional<Reason> reason = holdBack(n, user, history, now);
            if (reason.isPresent()) {
                skipped.add(new Skip(user.name(), reason.get()));
                continue;
            }
            for (Target target : targetsOf(user)) {
                if (targets.add(target.receiverKey() + "|" + target.format())) {
                    deliveries.add(new Delivery(user.name(), target));
                }
            }
        }
        return new Routing(n, deliveries, skipped);
    }

    private static Optional<Reason> holdBack(
            Notification n, UserPreferences user, NotificationHistory history, Instant now) {
        boolean named = n.recipients().contains(user.name());
        if (n.targeted() && !named) return Optional.of(Reason.NOT_A_RECIPIENT);
        if (!named && !user.follows(n.plant())) return Optional.of(Reason.PLANT);
        if (!named && n.severity() < user.minSeverity()) return Optional.of(Reason.SEVERITY);
        QuietHours quiet = user.quietHours();
        if (quiet != null && quiet.contains(LocalTime.ofInstant(now, user.zone()))) {
            boolean letThrough = quiet.allow() == QuietHours.Allow.CRITICAL && n.band() == SeverityBand.CRITICAL;
            if (!letThrough) return Optional.of(Reason.QUIET_HOURS);
        }
        if (!named && !user.silentPeriod().isZero()) {
            Optional<Instant> last = history.lastNotified(user.name(), n.asset());
            if (last.isPresent() && now.isBefore(last.get().plus(user.silentPeriod()))) {
                return Optional.of(Reason.SILENT_PERIOD);
            }
        }
        return Optional.empty();
    }

    private static List<Target> targetsOf(UserPreferences user) {
        List<Target> out = new ArrayList<>();
        if (user.email() != null) out.add(Target.email(user.email()));
        for (WebhookTarget w : user.webhooks())
            out.add(Target.webhook(w.name(), w.url().toString(), w.format()));
        return out;
    }
}
