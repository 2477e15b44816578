package io.pdm.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of the ingest service, registered in the given {@link MeterRegistry}:
 * {@code pdm.ingest.received}, {@code pdm.ingest.forwarded} (acked by Kafka),
 * {@code pdm.ingest.rejected{reason}} (dead-lettered), {@code pdm.ingest.duplicates},
 * {@code pdm.ingest.kafka.send.failures}. Getters serve the launcher's progress line.
 */
public final class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter received;
    private final Counter forwarded;
    private final Counter duplicates;
    private final Counter sendFailures;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("pdm.ingest.received")
                .description("messages and entries received")
                .register(registry);
        this.forwarded = Counter.builder("pdm.ingest.forwarded")
                .description("records acknowledged by Kafka")
                .register(registry);
        this.duplicates = Counter.builder("pdm.ingest.duplicates")
                .description("maintenance entries dropped as duplicates")
                .register(registry);
        this.sendFailures = Counter.builder("pdm.ingest.kafka.send.failures")
                .description("Kafka sends that failed")
                .register(registry);
        for (RejectReason r : RejectReason.values()) {
            rejected.put(
                    r,
                    Counter.builder("pdm.ingest.rejected")
                            .tag("reason", r.name())
                            .description("inputs rejected")
                            .register(registry));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    void received() {
        received.increment();
    }

    void forwarded() {
        forwarded.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void sendFailed() {
        sendFailures.increment();
    }

    void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    public long receivedCount() {
        return (long) received.count();
    }

    public long forwardedCount() {
        return (long) forwarded.count();
    }

    public long duplicateCount() {
        return (long) duplicates.count();
    }

    public long sendFailureCount() {
        return (long) sendFailures.count();
    }

    public long rejectedCount(RejectReason reason) {
        return (long) rejected.get(reason).count();
    }

    public long rejectedCount() {
        long n = 0;
        for (Counter c : rejected.values()) n += (long) c.count();
        return n;
    }
}
