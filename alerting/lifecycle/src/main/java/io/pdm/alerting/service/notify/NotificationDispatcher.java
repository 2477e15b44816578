package io.pdm.alerting.service.notify;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.Notifier;
import io.pdm.alerting.notify.delivery.DeliveryOutcome;
import io.pdm.alerting.topology.MaintenanceEvents;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a plant's maintenance events (read_committed, consumer group {@code pdm.{plant}.alerting.notify}) and hands
 * each one that tells people ({@link EventNotifications}) to the {@link Notifier}. An offset is committed only once
 * every event up to it has a final outcome: sent, refused for good, given up after the retries, a duplicate, or not
 * routed to anybody by the preferences. So a crash replays what was under way, and the durable sent-key memory
 * recognises what was already delivered.
 *
 * <p>Deliveries run in the background while the loop goes on reading (a slow webhook does not hold back the next
 * alert's e-mail); the commit of a partition stops at its first event still under way, and a partition with
 * {@value #MAX_IN_FLIGHT} events under way is paused. A record that is not a CloudEvent, or a notifying event without
 * what a notification needs, is logged and counted ({@code pdm.alerting.notify.events{outcome=malformed}}) and
 * passed over; nothing stops the loop. A group without committed offsets starts at the end of the topic (turning
 * notifications on does not mail the history) and commits that position at once.
 */
public final class NotificationDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
    static final int MAX_IN_FLIGHT = 500;
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private record Pending(long offset, CompletableFuture<?> done) {}

    private final String plant;
    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Notifier notifier;
    private final EventNotifications mapping;
    private final MeterRegistry meters;
    private final Map<TopicPartition, Deque<Pending>> inFlight = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Map<TopicPartition, Long> finished = new HashMap<>(); // the offset after the finished prefix
    private final Set<TopicPartition> paused = new HashSet<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final AtomicLong notified = new AtomicLong(), ignored = new AtomicLong(), malformed = new AtomicLong();
    private final AtomicLong deliveriesSent = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private NotificationDispatcher(
            String plant,
            String topic,
            Properties clientProperties,
            Notifier notifier,
            EventNotifications mapping,
            MeterRegistry meters) {
        this.plant = plant;
        this.topic = topic;
        this.notifier = notifier;
        this.mapping = mapping;
        this.meters = meters;
        this.consumer = new KafkaConsumer<>(
                consumerProperties(plant, clientProperties), new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "pdm-alerting-notify-" + plant);
        this.thread.setDaemon(true);
    }

    /** The consumer group: under the alerting application id's prefix, so the plant's ACLs cover it. */
    public static String groupId(String plant) {
        return "pdm." + plant + ".alerting.notify";
    }

    /**
     * Subscribes and starts reading on its own thread.
     *
     * @param clientProperties bootstrap servers and security of the plant's Kafka clients
     */
    public static NotificationDispatcher start(
            String plant,
            String topic,
            Properties clientProperties,
            Notifier notifier,
            EventNotifications mapping,
            MeterRegistry meters) {
        NotificationDispatcher d =
                new NotificationDispatcher(plant, topic, clientProperties, notifier, mapping, meters);
        d.thread.start();
        return d;
    }

    static Properties consumerProperties(String plant, Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(plant));
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId(plant));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // the lifecycle's aborted attempts never notify
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100");
        return p;
    }

    /** Waits until the group has assigned partitions and their start is committed; false on timeout. */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events that made a notification (routed and delivered or dropped by the preferences). */
    public long notified() {
        return notified.get();
    }

    /** Events of a type that tells nobody. */
    public long ignored() {
        return ignored.get();
    }

    /** Records that were not a usable CloudEvent. */
    public long malformed() {
        return malformed.get();
    }

    /** Deliveries a receiver accepted (one per e-mail address or webhook). */
    public long deliveriesSent() {
        return deliveriesSent.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            long backoff = 0;
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        inFlight.computeIfAbsent(tp, k -> new ArrayDeque<>()).add(new Pending(r.offset(), dispatch(r)));
                    }
                    commitFinished(inFlight.keySet());
                    flowControl();
                    backoff = 0;
                } catch (KafkaException e) {
                    // a broker away, a failed commit after a rebalance: the loop goes on, and what was not committed
                    // is committed with the next success (or replayed, and recognised as sent, after a restart)
                    backoff = Math.min(Math.max(2 * backoff, 500), 30_000);
                    LOG.warn("notifications of {}: {}; retrying in {} ms", plant, e.toString(), backoff);
                    Thread.sleep(backoff);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("notifications of {} stopped: {}", plant, e.toString(), e);
        } finally {
            drain(inFlight.keySet());
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
        }
    }

    /** Always returns a future; it completes when every delivery of the event has its final outcome. */
    private CompletableFuture<?> dispatch(ConsumerRecord<String, byte[]> r) {
        CloudEvent event;
        Optional<Notification> notification;
        try {
            if (r.value() == null) throw new IllegalArgumentException("no value");
            event = MaintenanceEvents.parse(r.value());
            if (!EventNotifications.notifies(event.getType())) {
                count(ignored, "ignored");
                return CompletableFuture.completedFuture(null);
            }
            notification = mapping.of(event);
        } catch (RuntimeException e) {
            count(malformed, "malformed");
            LOG.warn(
                    "maintenance event at {}-{}@{} passed over: {}",
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    firstLine(e));
            return CompletableFuture.completedFuture(null);
        }
        if (notification.isEmpty()) {
            count(ignored, "ignored");
            return CompletableFuture.completedFuture(null);
        }
        try {
            CompletableFuture<List<DeliveryOutcome>> sent = notifier.send(notification.get());
            count(notified, "notified");
            return sent.thenAccept(outcomes -> {
                for (DeliveryOutcome o : outcomes) if (o.sent()) deliveriesSent.incrementAndGet();
                LOG.debug("event {}: {}", event.getId(), outcomes);
            });
        } catch (RejectedExecutionException e) {
            return new CompletableFuture<>(); // closing: never final here, so the next start replays it
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private void count(AtomicLong n, String outcome) {
        n.incrementAndGet();
        Counter.builder("pdm.alerting.notify.events")
                .description("maintenance events read by the notification dispatcher, by outcome")
                .tag("plant", plant)
                .tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .register(meters)
                .increment();
    }

    /** Commits, per partition, up to the first event still under way (again after a failed commit). */
    private void commitFinished(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Deque<Pending> q = inFlight.get(tp);
            if (q == null) continue;
            while (!q.isEmpty() && q.peekFirst().done().isDone())
                finished.put(tp, q.pollFirst().offset() + 1);
            Long next = finished.get(tp);
            if (next != null && !next.equals(committed.get(tp))) commit.put(tp, new OffsetAndMetadata(next));
        }
        if (commit.isEmpty()) return;
        consumer.commitSync(commit);
        commit.forEach((tp, o) -> committed.put(tp, o.offset()));
    }

    private void flowControl() {
        for (Map.Entry<TopicPartition, Deque<Pending>> e : inFlight.entrySet()) {
            TopicPartition tp = e.getKey();
            if (e.getValue().size() >= MAX_IN_FLIGHT && paused.add(tp)) consumer.pause(List.of(tp));
            else if (e.getValue().size() < MAX_IN_FLIGHT / 2 && paused.remove(tp)) consumer.resume(List.of(tp));
        }
    }

    /** Waits (bounded) for the events under way on these partitions, commits what finished and forgets the rest. */
    private void drain(Collection<TopicPartition> partitions) {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        for (TopicPartition tp : partitions) {
            Deque<Pending> q = inFlight.get(tp);
            if (q == null) continue;
            for (Pending p : q) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                try {
                    p.done().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    break; // not final in time: the partition's next owner replays it
                }
            }
        }
        try {
            commitFinished(partitions);
        } catch (RuntimeException e) {
            LOG.warn("notifications of {}: last commit failed ({}); the next start replays", plant, e.toString());
        }
        for (TopicPartition tp : List.copyOf(partitions)) {
            inFlight.remove(tp);
            committed.remove(tp);
            finished.remove(tp);
            paused.remove(tp);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drain(partitions.stream().filter(inFlight::containsKey).toList());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> known = consumer.committed(new HashSet<>(partitions));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = known.get(tp);
                if (c == null) start.put(tp, new OffsetAndMetadata(consumer.position(tp))); // the end, for a new group
                else committed.put(tp, c.offset());
            }
            if (!start.isEmpty()) {
                consumer.commitSync(start);
                start.forEach((tp, o) -> committed.put(tp, o.offset()));
                LOG.info("notifications of {} start at the end of {}", plant, start.keySet());
            }
            assigned.countDown();
        }
    }

    /** Stops reading, waits up to 30 s for the deliveries under way and commits what finished. */
    @Override
    public void close() {
        running = false; // the loop sees it within one poll (200 ms)
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
