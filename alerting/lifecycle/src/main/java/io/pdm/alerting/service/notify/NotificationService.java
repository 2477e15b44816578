package io.pdm.alerting.service.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.notify.Notifier;
import io.pdm.alerting.notify.NotifierSettings;
import io.pdm.alerting.notify.Target;
import io.pdm.alerting.notify.channel.EmailSender;
import io.pdm.alerting.notify.channel.Sender;
import io.pdm.alerting.notify.channel.WebhookSender;
import io.pdm.alerting.notify.delivery.FileSentKeys;
import io.pdm.alerting.notify.prefs.NotificationPreferences;
import io.pdm.alerting.notify.prefs.UserPreferences;
import io.pdm.schemas.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plant's notifications inside the alerting service: the {@link Notifier} with its e-mail and webhook channels,
 * the durable sent-key memory ({@value #SENT_KEYS} in the service's state directory) and the
 * {@link NotificationDispatcher} that feeds it from the maintenance-event topic. Started before the lifecycle, so the
 * first events of a new consumer group are not missed. The preferences file is read again when it changes
 * ({@link PreferencesReload}, every {@code PREFERENCES_CHECK}): people are added, removed or quietened without a
 * restart.
 */
public final class NotificationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);
    /** The sent-key file, relative to the service's state directory. */
    public static final String SENT_KEYS = "notify-sent-keys";

    static final int SENT_KEYS_KEPT = 100_000;
    /** How often the preferences file is read for changes (a small file; reading it costs nothing). */
    public static final Duration PREFERENCES_CHECK = Duration.ofSeconds(2);

    private final FileSentKeys keys;
    private final Notifier notifier;
    private final NotificationDispatcher dispatcher;
    private final PreferencesReload reload;

    private NotificationService(
            FileSentKeys keys, Notifier notifier, NotificationDispatcher dispatcher, PreferencesReload reload) {
        this.keys = keys;
        this.notifier = notifier;
        this.dispatcher = dispatcher;
        this.reload = reload;
    }

    /**
     * Opens the sent-key file, builds the channels and starts the dispatcher; returns once the dispatcher has its
     * partitions (at most a minute).
     *
     * @param kafkaClient bootstrap servers and security of the plant's Kafka clients
     * @param follower    what else follows the reloaded preferences file (the lifecycle's escalation list)
     */
    public static NotificationService start(
            String plant,
            Properties kafkaClient,
            Path stateDir,
            NotifySettings settings,
            NotificationPreferences preferences,
            NotifierSettings delivery,
            MeterRegistry meters,
            Clock clock,
            PreferencesReload.Follower follower)
            throws IOException {
        FileSentKeys keys = FileSentKeys.open(stateDir.resolve(SENT_KEYS), SENT_KEYS_KEPT);
        Map<Target.Channel, Sender> senders = new EnumMap<>(Target.Channel.class);
        if (settings.smtp() != null)
            senders.put(Target.Channel.EMAIL, new EmailSender(settings.smtp().settings()));
        senders.put(Target.Channel.WEBHOOK, new WebhookSender(settings.webhookTimeout(), clock));
        long mailUsers =
                preferences.users().stream().filter(u -> u.email() != null).count();
        if (settings.smtp() == null && mailUsers > 0) {
            LOG.warn(
                    "{} user(s) of {} have an e-mail address but no SMTP relay is set (--smtp-host,"
                            + " PDM_ALERTING_SMTP_HOST): their e-mails are refused",
                    mailUsers,
                    settings.preferences());
        }
        Notifier notifier = new Notifier(preferences, senders, delivery.withSentKeys(keys), meters, clock);
        NotificationDispatcher dispatcher = NotificationDispatcher.start(
                plant,
                Topics.maintenanceEvents(plant),
                kafkaClient,
                notifier,
                new EventNotifications(settings::link),
                meters);
        // the file may change while the service runs: its next notification follows the new preferences
        PreferencesReload reload =
                PreferencesReload.start(plant, settings.preferences(), notifier, meters, PREFERENCES_CHECK, follower);
        NotificationService service = new NotificationService(keys, notifier, dispatcher, reload);
        try {
            if (!dispatcher.awaitAssignment(Duration.ofSeconds(60))) {
                LOG.warn("notifications of {}: no partitions assigned after 60 s; continuing", plant);
            }
        } catch (InterruptedException e) {
            service.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting notifications", e);
        }
        LOG.info(
                "notifications of {} on: {} user(s) from {}, e-mail {}, inbox links {}",
                plant,
                preferences.users().size(),
                settings.preferences(),
                settings.smtp() == null ? "off" : "via " + settings.smtp(),
                settings.inboxUrl() == null ? "off" : settings.inboxUrl());
        return service;
    }

    /**
     * The lifecycle's escalation list: the one given to the lifecycle, else the preferences file's list for the plant.
     * Both given and different is refused, and so is a name that is not a user of the file (an escalation to nobody).
     */
    public static LifecycleSettings escalation(
            String plant, LifecycleSettings lifecycle, NotificationPreferences prefs, Path source) {
        List<String> fromFile = prefs.escalationList(plant);
        List<String> given = lifecycle.escalation();
        if (!given.isEmpty() && !fromFile.isEmpty() && !given.equals(fromFile)) {
            throw new IllegalArgumentException("the escalation list of " + plant + " is given twice and differs: "
                    + given + " (--escalation, PDM_ALERTING_ESCALATION) and " + fromFile + " (" + source
                    + "#/escalation/" + plant + "); keep one");
        }
        for (int i = 0; i < given.size(); i++) {
            if (prefs.user(given.get(i)).isEmpty()) {
                throw new IllegalArgumentException("escalation list of " + plant + ": '" + given.get(i)
                        + "' is not a user of " + source + " (known: "
                        + prefs.users().stream().map(UserPreferences::name).toList() + ")");
            }
        }
        return given.isEmpty() && !fromFile.isEmpty()
                ? lifecycle.withEscalation(lifecycle.escalateAfter(), fromFile)
                : lifecycle;
    }

    public NotificationDispatcher dispatcher() {
        return dispatcher;
    }

    /** The preferences in force (the file's latest parsable version). */
    public NotificationPreferences preferences() {
        return notifier.preferences();
    }

    public PreferencesReload reload() {
        return reload;
    }

    /** Stops reading events, lets the deliveries under way end (at most 30 s each step), closes the key file. */
    @Override
    public void close() {
        reload.close();
        try {
            dispatcher.close();
        } finally {
            try {
                notifier.close();
            } finally {
                keys.close();
            }
        }
    }
}
