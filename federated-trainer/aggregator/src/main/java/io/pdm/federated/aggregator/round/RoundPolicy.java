package io.pdm.federated.aggregator.round;

import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.rules.AggregationStrategy;
import io.pdm.federated.secagg.NeighbourhoodBound;
import java.time.Duration;
import java.util.Objects;

/**
 * How the aggregator runs every round it announces.
 *
 * @param quorum             fewest deltas that make a round
 * @param roundDuration      from announcement to deadline
 * @param maxDeltaNorm       largest accepted L2 norm of one delta
 * @param maxDeltaBytes      largest accepted upload body
 * @param secureCodecScale   fixed-point steps per unit in SECURE mode
 * @param secureCodecRange   clamp bound of exampleCount · coordinate in SECURE mode
 * @param secureNeighbours   SECURE mode's neighbourhood size k (SecAgg+): {@link #NEIGHBOURS_FROM_BOUND} (0) to
 *                           choose k and the threshold from {@link NeighbourhoodBound} for the round's plant count at
 *                           the default rates, {@link #COMPLETE_GRAPH} (−1) for every plant with every other, or an
 *                           even k ≥ 2 (the threshold is then ⌈2(k + 1)/3⌉)
 */
public record RoundPolicy(
        int quorum,
        Duration roundDuration,
        AggregationStrategy strategy,
        AggregationMode mode,
        double maxDeltaNorm,
        long maxDeltaBytes,
        double secureCodecScale,
        double secureCodecRange,
        int secureNeighbours) {

    public static final int NEIGHBOURS_FROM_BOUND = 0;
    public static final int COMPLETE_GRAPH = -1;

    /** Corrupted plants the default neighbourhood is sized for (γ), a fraction of the round's plants. */
    public static final double EXPECTED_CORRUPTED = 0.1;

    /** Plants the default neighbourhood is sized to lose during a round (δ). */
    public static final double EXPECTED_DROPOUT = 0.1;

    /** Privacy fails with probability at most 2^−40 per round; the round fails for lost shares at most 2^−20. */
    public static final int SECURITY_BITS = 40;

    public static final int CORRECTNESS_BITS = 20;

    /** With the neighbourhood chosen from the bound. */
    public RoundPolicy(
            int quorum,
            Duration roundDuration,
            AggregationStrategy strategy,
            AggregationMode mode,
            double maxDeltaNorm,
            long maxDeltaBytes,
            double secureCodecScale,
            double secureCodecRange) {
        this(
                quorum,
                roundDuration,
                strategy,
                mode,
                maxDeltaNorm,
                maxDeltaBytes,
                secureCodecScale,
                secureCodecRange,
                NEIGHBOURS_FROM_BOUND);
    }

    public RoundPolicy {
        Objects.requireNonNull(roundDuration, "roundDuration");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(mode, "mode");
        if (quorum < 1
                || roundDuration.isNegative()
                || roundDuration.isZero()
                || !(maxDeltaNorm > 0)
                || maxDeltaBytes < 1) {
            throw new IllegalArgumentException("need quorum >= 1, a positive duration, norm and size bound");
        }
        if (secureNeighbours < COMPLETE_GRAPH
                || secureNeighbours > 0 && (secureNeighbours < 2 || secureNeighbours % 2 != 0)) {
            throw new IllegalArgumentException("secure neighbours must be an even k >= 2, 0 (chosen from the bound) or"
                    + " -1 (complete graph), got " + secureNeighbours);
        }
        if (mode == AggregationMode.SECURE && !(strategy.rule() instanceof io.pdm.federated.rules.FedAvg)) {
            throw new IllegalArgumentException(
                    "secure aggregation reveals only the sum, so it supports FedAvg only, not " + strategy.rule());
        }
    }

    /** FedAvg in PLAIN mode with the given quorum and duration; 64 MiB, norm 1e3, codec 2^16 / ±2^10. */
    public static RoundPolicy plain(int quorum, Duration roundDuration) {
        return new RoundPolicy(
                quorum,
                roundDuration,
                AggregationStrategy.fedAvg(),
                AggregationMode.PLAIN,
                1e3,
                64L << 20,
                1 << 16,
                1 << 10);
    }

    public RoundPolicy withStrategy(AggregationStrategy newStrategy) {
        return new RoundPolicy(
                quorum,
                roundDuration,
                newStrategy,
                mode,
                maxDeltaNorm,
                maxDeltaBytes,
                secureCodecScale,
                secureCodecRange,
                secureNeighbours);
    }

    public RoundPolicy withMode(AggregationMode newMode) {
        return new RoundPolicy(
                quorum,
                roundDuration,
                strategy,
                newMode,
                maxDeltaNorm,
                maxDeltaBytes,
                secureCodecScale,
                secureCodecRange,
                secureNeighbours);
    }

    public RoundPolicy withLimits(double newMaxDeltaNorm, long newMaxDeltaBytes) {
        return new RoundPolicy(
                quorum,
                roundDuration,
                strategy,
                mode,
                newMaxDeltaNorm,
                newMaxDeltaBytes,
                secureCodecScale,
                secureCodecRange,
                secureNeighbours);
    }

    public RoundPolicy withSecureNeighbours(int neighbours) {
        return new RoundPolicy(
                quorum,
                roundDuration,
                strategy,
                mode,
                maxDeltaNorm,
                maxDeltaBytes,
                secureCodecScale,
                secureCodecRange,
                neighbours);
    }

    /**
     * The neighbourhood size k and threshold t of a secure round among {@code plants}: the complete graph with
     * {@code completeThreshold} when asked for, when k would reach n − 1, or when the bound finds no smaller k.
     */
    public NeighbourhoodBound.Choice secureNeighbourhood(int plants, int completeThreshold) {
        if (secureNeighbours == COMPLETE_GRAPH || plants <= 3 || secureNeighbours >= plants - 1) {
            return new NeighbourhoodBound.Choice(plants, plants - 1, completeThreshold, true);
        }
        if (secureNeighbours > 0) {
            return new NeighbourhoodBound.Choice(
                    plants, secureNeighbours, (int) Math.ceil(2.0 * (secureNeighbours + 1) / 3), false);
        }
        return NeighbourhoodBound.choose(
                plants, EXPECTED_CORRUPTED, EXPECTED_DROPOUT, SECURITY_BITS, CORRECTNESS_BITS, completeThreshold);
    }
}
