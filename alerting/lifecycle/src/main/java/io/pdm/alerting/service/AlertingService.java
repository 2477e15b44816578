package io.pdm.alerting.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pdm.alerting.lifecycle.AlertLifecycle;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.notify.NotifierSettings;
import io.pdm.alerting.notify.prefs.NotificationPreferences;
import io.pdm.alerting.notify.prefs.PreferencesFile;
import io.pdm.alerting.service.notify.NotificationService;
import io.pdm.alerting.topology.AlertingTopology;
import io.pdm.alerting.topology.AssetCatalogue;
import io.pdm.assets.AssetType;
import io.pdm.assets.AssetTypes;
import io.pdm.schemas.Topics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plant's alert lifecycle as a running Kafka Streams application (exactly-once v2). {@link #start} makes sure the
 * plant's alerting topics exist ({@code alerts-state} compacted) and waits until the application runs; {@link #close}
 * stops it cleanly, so the next start resumes from the committed offsets and stores. With a preferences file it also
 * tells people ({@link NotificationService}: started first, closed last but one).
 */
public final class AlertingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);
    private static final int DEFAULT_PARTITIONS = 3;
    /** How long the stream thread blocks in poll for input before it commits and punctuates anyway. */
    static final Duration POLL = Duration.ofMillis(10);

    private final AlertingSettings settings;
    private final KafkaStreams streams;
    private final NotificationService notifications;
    private final KafkaStreamsMetrics streamsMetrics;

    private AlertingService(
            AlertingSettings settings,
            KafkaStreams streams,
            NotificationService notifications,
            KafkaStreamsMetrics streamsMetrics) {
        this.settings = settings;
        this.streams = streams;
        this.notifications = notifications;
        this.streamsMetrics = streamsMetrics;
    }

    public static AlertingService start(AlertingSettings settings) throws IOException {
        return start(settings, new SimpleMeterRegistry(), NotifierSettings.defaults());
    }

    /**
     * @param meters where the notification metrics go ({@code pdm.notify.*}, {@code pdm.alerting.notify.*}) and
     *     Kafka Streams' own metrics ({@code kafka.stream.*}: process rates, commit latency, lag of its clients)
     * @param delivery retries, rate limits and threads of the notifications (the sent-key memory is always the file)
     */
    public static AlertingService start(AlertingSettings settings, MeterRegistry meters, NotifierSettings delivery)
            throws IOException {
        LifecycleSettings lifecycle = settings.lifecycle();
        NotificationPreferences prefs = null;
        if (settings.notifications().enabled()) {
            prefs = PreferencesFile.load(
                    settings.notifications().preferences()); // a bad file stops the start, with its pointer
            lifecycle = NotificationService.escalation(
                    settings.plant(), lifecycle, prefs, settings.notifications().preferences());
        } else {
            LOG.info(
                    "notifications of {} off: no preferences file (--notify-preferences,"
                            + " PDM_ALERTING_NOTIFY_PREFERENCES)",
                    settings.plant());
        }
        int partitions = ensureTopics(settings);
        List<AssetType> types = new ArrayList<>();
        for (var file : settings.assetTypes()) types.add(AssetTypes.load(file));
        // the escalation list in force: the preferences file's follows the file as it is reloaded
        AtomicReference<List<String>> escalation = new AtomicReference<>(lifecycle.escalation());
        var topology = AlertingTopology.build(
                settings.plant(),
                new AlertLifecycle(lifecycle, escalation::get),
                new AssetCatalogue(types),
                true,
                partitions);
        NotificationService notifications = prefs == null
                ? null
                : NotificationService.start(
                        settings.plant(),
                        clientProperties(settings),
                        settings.stateDir(),
                        settings.notifications(),
                        prefs,
                        delivery,
                        meters,
                        Clock.systemUTC(),
                        next -> escalationFollower(settings, escalation, next));
        KafkaStreams streams;
        try {
            streams = new KafkaStreams(topology, properties(settings));
        } catch (RuntimeException e) {
            if (notifications != null) notifications.close();
            throw e;
        }
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("alerting of {} stopped a stream thread; replacing it", settings.plant(), e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        // Micrometer's binder re-reads Streams' metric registry on each scrape, so the threads and tasks that appear
        // after a rebalance are included without re-binding
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        AlertingService service = new AlertingService(settings, streams, notifications, streamsMetrics);
        streams.start();
        service.awaitRunning(Duration.ofSeconds(60));
        LOG.info("alerting of {} running ({})", settings.plant(), settings.applicationId());
        return service;
    }

    /**
     * The Kafka Streams configuration of one plant's application. The latency settings come from
     * docs/results/alerting.md: a candidate on its asset's partition crosses one exactly-once transaction (a
     * misrouted one two), so its event is visible within about one commit interval; the rest keeps the thread from
     * waiting on anything else.
     */
    public static Properties properties(AlertingSettings s) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, s.stateDir().toString());
        p.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                Long.toString(s.commitInterval().toMillis()));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(s.threads()));
        // the thread blocks in poll this long when no input is there, and commits only after it: a bounded wait
        // keeps a quiet plant's events from waiting up to 100 ms (the default) on top of the commit interval
        p.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(POLL.toMillis()));
        // candidates and commands are independent streams: never hold candidates back waiting to learn the lag of an
        // empty commands partition (and Streams 4.2 formats a trace string per record on that path: 6 % of the CPU)
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        // no store is cached (the processor forwards at once); a record cache that coalesced the changelog and the
        // state topic per commit made the commits longer and the latency worse, and saved nothing at a plant's rates
        // (docs/results/alerting.md)
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        // a record is processed as soon as it is fetched: latency matters more than batching here
        p.put(StreamsConfig.consumerPrefix("fetch.max.wait.ms"), "20");
        p.put(StreamsConfig.producerPrefix("linger.ms"), "0");
        // one produce request in flight per broker: with transactions v2 a second request that overtakes the first
        // of a transaction (still being verified) is refused as out of order, which aborts the transaction and
        // reprocesses the task (seen in the bench as 8 s latency spikes); linger 0 still batches what queues meanwhile
        p.put(StreamsConfig.producerPrefix("max.in.flight.requests.per.connection"), "1");
        p.putAll(s.kafkaSecurity().clientProperties()); // every client of the application: TLS, mTLS or SCRAM
        return p;
    }

    public String plant() {
        return settings.plant();
    }

    /**
     * The escalation list of a reloaded preferences file, checked as at start ({@link NotificationService#escalation}:
     * a list that differs from {@code --escalation}, or names someone who is not a user, refuses the file) and applied
     * with it: the lifecycle's next decision uses it.
     */
    private static Runnable escalationFollower(
            AlertingSettings settings, AtomicReference<List<String>> escalation, NotificationPreferences next) {
        List<String> list = NotificationService.escalation(
                        settings.plant(),
                        settings.lifecycle(),
                        next,
                        settings.notifications().preferences())
                .escalation();
        return () -> {
            List<String> was = escalation.getAndSet(list);
            if (!was.equals(list)) {
                LOG.info("alerting of {}: escalation list now {} (was {})", settings.plant(), list, was);
            }
        };
    }

    /** The notifications, when a preferences file turned them on. */
    public Optional<NotificationService> notifications() {
        return Optional.ofNullable(notifications);
    }

    /** Bootstrap servers and security: what every Kafka client of the service shares. */
    static Properties clientProperties(AlertingSettings s) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka());
        p.putAll(s.kafkaSecurity().clientProperties());
        return p;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    private void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (!streams.state().isRunningOrRebalancing() && streams.state() != KafkaStreams.State.CREATED) {
                throw new IllegalStateException("alerting of " + settings.plant() + " failed: " + streams.state());
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("alerting of " + settings.plant() + " not running after " + timeout);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting alerting", e);
            }
        }
    }

    /**
     * Creates the plant's alerting topics that are missing (the partitions of its alerts topic, else 3) and makes
     * {@code alerts-state} compacted even when someone else created it.
     *
     * @return the alerts topic's partitions: the lifecycle's tasks (an asset lives in its key's partition of them)
     */
    static int ensureTopics(AlertingSettings s) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka());
        p.putAll(s.kafkaSecurity().clientProperties());
        String state = Topics.alertsState(s.plant());
        Collection<String> names = List.of(
                Topics.alerts(s.plant()),
                Topics.alertCommands(s.plant()),
                Topics.maintenanceEvents(s.plant()),
                state,
                Topics.dlq(s.plant()));
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            int partitions = DEFAULT_PARTITIONS;
            if (existing.contains(Topics.alerts(s.plant()))) {
                TopicDescription d = admin.describeTopics(List.of(Topics.alerts(s.plant())))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(Topics.alerts(s.plant()));
                partitions = d.partitions().size();
            }
            List<NewTopic> create = new ArrayList<>();
            for (String name : names) {
                if (existing.contains(name)) continue;
                NewTopic t = new NewTopic(name, partitions, (short) -1);
                if (name.equals(state)) t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"));
                create.add(t);
            }
            try {
                admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
            if (existing.contains(state)) {
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, state);
                AlterConfigOp compact = new AlterConfigOp(
                        new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "compact"), AlterConfigOp.OpType.SET);
                admin.incrementalAlterConfigs(Map.of(r, List.of(compact))).all().get(30, TimeUnit.SECONDS);
            }
            // described again: someone else may have created the alerts topic meanwhile, with another count
            return partitionsOf(admin, Topics.alerts(s.plant()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating alerting topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the alerting topics of " + s.plant() + ": " + e, e);
        }
    }

    /**
     * A topic created a moment ago may not be in every broker's metadata yet (KRaft propagates it asynchronously):
     * "does not host this topic-partition" is retried for up to 30 s rather than taken for an answer.
     */
    private static int partitionsOf(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) throw e;
                Thread.sleep(100);
            }
        }
    }

    /** Stops and leaves the group, so a successor takes the tasks over at once rather than after the session timeout. */
    @Override
    public void close() {
        try {
            streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                            org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        } finally {
            streamsMetrics.close();
            // last: what the dispatcher has not reached yet is read again at the next start
            if (notifications != null) notifications.close();
        }
    }
}
