package io.pdm.federated.protocol;

import io.pdm.model.lora.LoraConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * GET /fl/v1/rounds/current: what a plant needs to take part in a round (schema
 * {@code json/federated/round-announcement.schema.json}).
 *
 * @param round          round number, unique over the aggregator's life, also across failed rounds
 * @param baseVersion    the global adapter version the plants start from
 * @param baseModelHash  hex SHA-256 of the base model.safetensors every adapter applies to
 * @param adapterConfig  the base version's adapter configuration (PEFT adapter_config.json fields)
 * @param deadline       uploads after this instant are refused and the plant counts as a straggler
 * @param quorum         fewest deltas that make a round; fewer and the round fails and is retried
 * @param maxDeltaNorm   largest accepted L2 norm of a delta
 * @param maxDeltaBytes  largest accepted upload body
 * @param secure         secure-aggregation parameters when mode is SECURE, else null
 */
public record RoundAnnouncement(
        long round,
        long baseVersion,
        String baseModelHash,
        LoraConfig adapterConfig,
        Instant deadline,
        int quorum,
        StrategySpec strategy,
        AggregationMode mode,
        double maxDeltaNorm,
        long maxDeltaBytes,
        SecureAggregationParameters secure) {

    public RoundAnnouncement {
        Objects.requireNonNull(baseModelHash, "baseModelHash");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(mode, "mode");
        if ((mode == AggregationMode.SECURE) != (secure != null)) {
            throw new IllegalArgumentException("secure-aggregation parameters are required exactly in SECURE mode");
        }
    }
}
