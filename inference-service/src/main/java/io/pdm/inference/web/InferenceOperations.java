package io.pdm.inference.web;

import io.pdm.inference.scoring.AdapterSlot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the REST API asks of the running service beyond the store: on-demand scoring and adapter administration. */
public interface InferenceOperations {
    /** The plant this service scores; other plants' paths answer 404. */
    String plant();

    /** Scores a window a user sent, without publishing or storing it. */
    PredictionView predict(String asset, PredictRequest request);

    /** Per asset type with a remaining-life model: the adapter version in service, the pin and recent events. */
    List<AdapterStatus> adapters();

    AdapterSlot.Event pin(String assetType, long version);

    AdapterSlot.Event unpin(String assetType);

    AdapterSlot.Event rollback(String assetType);

    /** A window sent to {@code POST …/assets/{asset}/predict}: steps oldest first. */
    record PredictRequest(String assetType, List<Step> steps) {
        public record Step(Instant end, Map<String, Double> values, Double age) {}
    }

    /**
     * The adapter state of one asset type's model.
     *
     * @param members how many adapters the version in service averages (1 for one adapter or the base alone)
     */
    record AdapterStatus(
            String assetType,
            String baseModel,
            Long version,
            int members,
            Instant since,
            Long pinned,
            List<AdapterSlot.Event> events) {}

    /** A request that cannot be scored: names the field and why (answered 400 or 404 as problem details). */
    final class InvalidRequestException extends RuntimeException {
        private final String reason;
        private final int status;

        public InvalidRequestException(int status, String reason, String detail) {
            super(detail);
            this.status = status;
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }

        public int status() {
            return status;
        }
    }
}
