package io.pdm.federated.aggregator.round;

import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.rules.AggregationStrategy;
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
 */
public record RoundPolicy(
        int quorum,
        Duration roundDuration,
        AggregationStrategy strategy,
        AggregationMode mode,
        double maxDeltaNorm,
        long maxDeltaBytes,
        double secureCodecScale,
        double secureCodecRange) {

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
                secureCodecRange);
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
                secureCodecRange);
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
                secureCodecRange);
    }
}
