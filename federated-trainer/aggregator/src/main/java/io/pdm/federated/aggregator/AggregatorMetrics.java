package io.pdm.federated.aggregator;

import io.micrometer.core.instrument.MeterRegistry;
import io.pdm.federated.aggregator.round.RoundListener;
import io.pdm.federated.aggregator.round.RoundRecord;
import io.pdm.federated.protocol.RejectionReason;

/**
 * The aggregator's counters: {@value #REJECTED}{reason} per refused request, {@value #ACCEPTED} deltas,
 * {@value #ROUNDS_CLOSED}{status} and {@value #DROPPED} (invited plants without a delta when a round closed).
 */
public final class AggregatorMetrics implements RoundListener {

    public static final String REJECTED = "fl.requests.rejected";
    public static final String ACCEPTED = "fl.deltas.accepted";
    public static final String ROUNDS_CLOSED = "fl.rounds.closed";
    public static final String DROPPED = "fl.rounds.dropped.plants";

    private final MeterRegistry registry;

    AggregatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        // registered at zero, so a scrape shows them (and rate() works) before the first delta or round
        registry.counter(ACCEPTED);
        registry.counter(DROPPED);
    }

    void rejected(RejectionReason reason) {
        registry.counter(REJECTED, "reason", reason.slug()).increment();
    }

    void accepted() {
        registry.counter(ACCEPTED).increment();
    }

    @Override
    public void roundClosed(RoundRecord round) {
        registry.counter(ROUNDS_CLOSED, "status", round.status().name()).increment();
        registry.counter(DROPPED).increment(round.droppedPlants().size());
    }

    /** Count so far of the reason's rejections. */
    public static double rejections(MeterRegistry registry, RejectionReason reason) {
        return registry.counter(REJECTED, "reason", reason.slug()).count();
    }
}
