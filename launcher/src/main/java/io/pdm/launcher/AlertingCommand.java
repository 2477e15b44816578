package io.pdm.launcher;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pdm.alerting.inbox.Inbox;
import io.pdm.alerting.inbox.InboxSettings;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.notify.NotifierSettings;
import io.pdm.alerting.notify.channel.SmtpSettings;
import io.pdm.alerting.notify.prefs.PreferencesException;
import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.alerting.service.HealthEndpoint;
import io.pdm.alerting.service.notify.NotifySettings;
import io.pdm.schemas.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pdm alerting}: one plant's alert lifecycle (Kafka Streams, exactly once) against external Kafka. The command
 * only turns options into {@link AlertingSettings}; each option's environment variable is {@code PDM_ALERTING_*}.
 */
@Command(
        name = "alerting",
        mixinStandardHelpOptions = true,
        description = "Runs a plant's alert lifecycle: candidates and commands in, maintenance events (CloudEvents)"
                + " and alert states out (see alerting/README.md).",
        subcommands = InboxUserCommand.class)
public final class AlertingCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--plant", defaultValue = "${env:PDM_PLANT}", description = "The plant (PDM_PLANT).")
    String plant;

    @Option(
            names = "--kafka",
            defaultValue = "${env:PDM_KAFKA:-" + Settings.DEFAULT_KAFKA + "}",
            description = "Kafka bootstrap servers (PDM_KAFKA, default ${DEFAULT-VALUE}).")
    String kafka;

    @Option(
            names = "--state-dir",
            defaultValue = "${env:PDM_ALERTING_STATE_DIR:-${sys:user.home}/.local/share/pdm/alerting}",
            description = "Local stores of Kafka Streams, rebuilt from changelogs when lost (PDM_ALERTING_STATE_DIR,"
                    + " default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
            names = "--max-shelve",
            defaultValue = "${env:PDM_ALERTING_MAX_SHELVE:-8h}",
            description = "Longest shelving a person may ask for (PDM_ALERTING_MAX_SHELVE, default ${DEFAULT-VALUE}).")
    Duration maxShelve;

    @Option(
            names = "--chatter-cycles",
            defaultValue = "${env:PDM_ALERTING_CHATTER_CYCLES:-3}",
            description = "Activate/clear cycles within --chatter-window that make an alert chattering"
                    + " (PDM_ALERTING_CHATTER_CYCLES, default ${DEFAULT-VALUE}).")
    int chatterCycles;

    @Option(
            names = "--chatter-window",
            defaultValue = "${env:PDM_ALERTING_CHATTER_WINDOW:-60s}",
            description = "(PDM_ALERTING_CHATTER_WINDOW, default ${DEFAULT-VALUE}).")
    Duration chatterWindow;

    @Option(
            names = "--fleeting-hold",
            defaultValue = "${env:PDM_ALERTING_FLEETING_HOLD:-5s}",
            description = "On-delay before a new alert is announced; one that clears within it is fleeting"
                    + " (PDM_ALERTING_FLEETING_HOLD, default ${DEFAULT-VALUE}; 0s announces at once).")
    Duration fleetingHold;

    @Option(
            names = "--renotify-interval",
            defaultValue = "${env:PDM_ALERTING_RENOTIFY_INTERVAL:-4h}",
            description = "Repeats of an unacknowledged alert re-notify at most this often"
                    + " (PDM_ALERTING_RENOTIFY_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration renotifyInterval;

    @Option(
            names = "--state-refresh",
            defaultValue = "${env:PDM_ALERTING_STATE_REFRESH:-10s}",
            description =
                    "A repeat that changes only an alert's facts, its severity within the band and its last active"
                            + " time is stored and published on the state topic at most this often per alert (event time);"
                            + " every other change at once. 0s writes every repeat (PDM_ALERTING_STATE_REFRESH, default"
                            + " ${DEFAULT-VALUE}).")
    Duration stateRefresh;

    @Option(
            names = "--escalate-after",
            defaultValue = "${env:PDM_ALERTING_ESCALATE_AFTER:-30m}",
            description = "Unacknowledged this long after announcement: escalate to the next person"
                    + " (PDM_ALERTING_ESCALATE_AFTER, default ${DEFAULT-VALUE}; 0s: never).")
    Duration escalateAfter;

    @Option(
            names = "--escalation",
            split = ",",
            defaultValue = "${env:PDM_ALERTING_ESCALATION:-}",
            description = "The plant's escalation list, in order (PDM_ALERTING_ESCALATION, comma-separated).")
    List<String> escalation;

    @Option(
            names = "--retention",
            defaultValue = "${env:PDM_ALERTING_RETENTION:-7d}",
            description = "How long a closed alert is kept before its tombstone (PDM_ALERTING_RETENTION,"
                    + " default ${DEFAULT-VALUE}).")
    Duration retention;

    @Option(
            names = "--commit-interval",
            defaultValue = "${env:PDM_ALERTING_COMMIT_INTERVAL:-50ms}",
            description = "Exactly-once commit interval, the floor of the event latency"
                    + " (PDM_ALERTING_COMMIT_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration commitInterval;

    @Option(
            names = "--threads",
            defaultValue = "${env:PDM_ALERTING_THREADS:-1}",
            description = "Stream threads (PDM_ALERTING_THREADS, default ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--asset-type",
            split = ",",
            defaultValue = "${env:PDM_ALERTING_ASSET_TYPES:-}",
            description = "Asset-type files besides the built-in ones, for inhibition and work-request codes"
                    + " (PDM_ALERTING_ASSET_TYPES).")
    List<Path> assetTypes;

    @CommandLine.Mixin
    KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @CommandLine.Mixin
    InboxOptions inbox = new InboxOptions();

    @Option(
            names = "--notify-preferences",
            defaultValue = "${env:PDM_ALERTING_NOTIFY_PREFERENCES:-}",
            description = "Notification preferences (users, channels, escalation lists; YAML or JSON, see"
                    + " alerting/notify/README.md) (PDM_ALERTING_NOTIFY_PREFERENCES; none: notifications off).")
    String notifyPreferences;

    @Option(
            names = "--smtp-host",
            defaultValue = "${env:PDM_ALERTING_SMTP_HOST:-}",
            description = "SMTP relay for e-mail notifications (PDM_ALERTING_SMTP_HOST; none: no e-mail).")
    String smtpHost;

    @Option(
            names = "--smtp-port",
            defaultValue = "${env:PDM_ALERTING_SMTP_PORT:-587}",
            description = "(PDM_ALERTING_SMTP_PORT, default ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(
            names = "--smtp-security",
            defaultValue = "${env:PDM_ALERTING_SMTP_SECURITY:-STARTTLS}",
            description = "NONE, STARTTLS (required, not opportunistic) or TLS (PDM_ALERTING_SMTP_SECURITY, default"
                    + " ${DEFAULT-VALUE}).")
    SmtpSettings.Security smtpSecurity;

    @Option(
            names = "--smtp-username",
            defaultValue = "${env:PDM_ALERTING_SMTP_USERNAME:-}",
            description = "SMTP login (PDM_ALERTING_SMTP_USERNAME; none: no login).")
    String smtpUsername;

    @Option(
            names = "--smtp-password-file",
            defaultValue = "${env:PDM_ALERTING_SMTP_PASSWORD_FILE:-}",
            description = "File holding the SMTP password (PDM_ALERTING_SMTP_PASSWORD_FILE).")
    String smtpPasswordFile;

    @Option(
            names = "--smtp-from",
            defaultValue = "${env:PDM_ALERTING_SMTP_FROM:-}",
            description = "Sender, e.g. 'pdm alerts <alerts@plant.example>' (PDM_ALERTING_SMTP_FROM; required with"
                    + " --smtp-host).")
    String smtpFrom;

    @Option(
            names = "--smtp-timeout",
            defaultValue = "${env:PDM_ALERTING_SMTP_TIMEOUT:-30s}",
            description = "Connect, read and write timeout of one SMTP attempt (PDM_ALERTING_SMTP_TIMEOUT, default"
                    + " ${DEFAULT-VALUE}).")
    Duration smtpTimeout;

    @Option(
            names = "--webhook-timeout",
            defaultValue = "${env:PDM_ALERTING_WEBHOOK_TIMEOUT:-10s}",
            description = "Connect and request timeout of one webhook attempt (PDM_ALERTING_WEBHOOK_TIMEOUT, default"
                    + " ${DEFAULT-VALUE}).")
    Duration webhookTimeout;

    @Option(
            names = "--inbox-url",
            defaultValue = "${env:PDM_ALERTING_INBOX_URL:-}",
            description = "Base URL of the web inbox; notifications link to {URL}/alerts/{fingerprint}"
                    + " (PDM_ALERTING_INBOX_URL; none: no link).")
    String inboxUrl;

    @Option(
            names = "--rest-port",
            defaultValue = "${env:PDM_REST_PORT:-" + Settings.DEFAULT_REST_PORT + "}",
            description = "Port of the web inbox (with --inbox-users or --inbox-oidc-issuer) and of the liveness and"
                    + " readiness probes (/actuator/health/liveness, …/readiness) (PDM_REST_PORT, default"
                    + " ${DEFAULT-VALUE}; 0 for a free one, negative for none).")
    int restPort;

    @Option(
            names = "--bind",
            defaultValue = "${env:PDM_BIND:-" + Settings.DEFAULT_BIND + "}",
            description = "Address the inbox and the probes listen on (PDM_BIND, default ${DEFAULT-VALUE}).")
    String bind;

    AlertingSettings settings() {
        if (plant == null || plant.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--plant (or PDM_PLANT) is required");
        }
        try {
            LifecycleSettings lifecycle = new LifecycleSettings(
                    maxShelve,
                    chatterCycles,
                    chatterWindow,
                    fleetingHold,
                    renotifyInterval,
                    escalateAfter,
                    escalation.stream()
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList(),
                    retention,
                    LifecycleSettings.DEFAULTS.tick(),
                    stateRefresh);
            return new AlertingSettings(
                    plant,
                    kafka,
                    stateDir.resolve(plant),
                    lifecycle,
                    // an unset PDM_ALERTING_ASSET_TYPES is the empty default, which picocli hands over as one empty
                    // path (the working directory): without this the service could not start with no extra types
                    assetTypes.stream().filter(p -> !p.toString().isBlank()).toList(),
                    commitInterval,
                    threads,
                    kafkaSecurity.security(),
                    notifications());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Notifications: off without a preferences file; e-mail only with an SMTP host. */
    NotifySettings notifications() {
        NotifySettings.Smtp smtp = blank(smtpHost)
                ? null
                : new NotifySettings.Smtp(
                        smtpHost.trim(),
                        smtpPort,
                        smtpSecurity,
                        blank(smtpUsername) ? null : smtpUsername.trim(),
                        blank(smtpPasswordFile) ? null : Path.of(smtpPasswordFile.trim()),
                        blank(smtpFrom) ? null : smtpFrom.trim(),
                        smtpTimeout);
        return new NotifySettings(
                blank(notifyPreferences) ? null : Path.of(notifyPreferences.trim()),
                smtp,
                webhookTimeout,
                blank(inboxUrl) ? null : URI.create(inboxUrl.trim()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public Integer call() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Running running;
        try {
            running = start();
        } catch (PreferencesException | IllegalArgumentException e) {
            // a bad preferences file, two escalation lists: the message names the file, the value and the fix
            System.err.println("pdm alerting: " + e.getMessage());
            return 2;
        }
        try (running) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "pdm-alerting-shutdown"));
            stop.await();
        }
        return 0;
    }

    /**
     * Starts the lifecycle and, on the REST port, the inbox (when people can log in) or the JDK probe server; both
     * serve the process's meters at {@code /actuator/prometheus}: Kafka Streams' ({@code kafka_stream_*}), the
     * notifications' ({@code pdm_notify_*}, {@code pdm_alerting_notify_*}) and the JVM's.
     */
    Running start() throws Exception {
        AlertingSettings settings = settings();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        AlertingService service = AlertingService.start(settings, meters, NotifierSettings.defaults());
        boolean withInbox = restPort >= 0 && inbox.enabled();
        HealthEndpoint health = null;
        Inbox web = null;
        try {
            if (withInbox) web = startInbox(settings, service, meters);
            else if (restPort >= 0) health = HealthEndpoint.start(bind, restPort, service::state, meters);
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
        if (health != null)
            System.out.println(
                    "probes and /actuator/prometheus on " + bind + ":" + health.port() + HealthEndpoint.LIVENESS);
        if (web != null)
            System.out.println("inbox on " + web.url() + " (probes at " + HealthEndpoint.LIVENESS + ", metrics at "
                    + HealthEndpoint.PROMETHEUS + ")");
        System.out.println("alerting running for " + plant + " (" + settings.applicationId() + "), events on "
                + io.pdm.schemas.Topics.maintenanceEvents(plant));
        return new Running(service, health, web);
    }

    /** A started {@code pdm alerting}: closing it stops the web server first, then the lifecycle. */
    record Running(AlertingService service, HealthEndpoint health, Inbox inbox) implements AutoCloseable {
        /** The port of the probes and the scrape (the inbox's when it runs), or -1 without one. */
        int port() {
            return inbox != null ? inbox.port() : health != null ? health.port() : -1;
        }

        @Override
        public void close() {
            try {
                if (inbox != null) inbox.close();
                if (health != null) health.close();
            } finally {
                service.close();
            }
        }
    }

    /** The inbox on the probes' port, answering the probes from the lifecycle's state as the JDK endpoint would. */
    private Inbox startInbox(AlertingSettings settings, AlertingService service, PrometheusMeterRegistry meters) {
        InboxSettings.Probes probes = new InboxSettings.Probes(
                () -> service.state() == KafkaStreams.State.CREATED
                        || service.state().isRunningOrRebalancing(),
                () -> service.state() == KafkaStreams.State.RUNNING);
        try {
            return Inbox.start(
                    inbox.settings(
                            plant,
                            kafka,
                            settings.kafkaSecurity(),
                            bind,
                            restPort,
                            settings.lifecycle().maxShelve(),
                            settings.lifecycle().retention(),
                            probes),
                    meters);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
