package io.pdm.federated.aggregator;

import io.pdm.federated.aggregator.round.ReceivedDelta;
import io.pdm.federated.aggregator.round.RoundCoordinator;
import io.pdm.federated.aggregator.round.RoundRecord;
import io.pdm.federated.aggregator.round.RoundRepository;
import io.pdm.federated.pki.PlantIdentity;
import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.DeltaMetadata;
import io.pdm.federated.protocol.DeltaReceipt;
import io.pdm.federated.protocol.RejectionReason;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.model.io.SafetensorsFile;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Validates a PLAIN-mode delta upload before anything is stored, cheapest checks first, so that a rejected
 * upload leaves no trace in the round: who may upload, for which round, how big, then the content.
 */
final class DeltaIntake {

    static final String OCTET_STREAM = "application/octet-stream";

    private final RoundCoordinator coordinator;
    private final RoundRepository rounds;
    /** The open round's base weights, decoded once per version rather than once per upload. */
    private final AtomicReference<Map.Entry<Long, TensorDict>> baseWeights = new AtomicReference<>();

    DeltaIntake(RoundCoordinator coordinator, RoundRepository rounds) {
        this.coordinator = coordinator;
        this.rounds = rounds;
    }

    DeltaReceipt receive(
            PlantIdentity sender, long round, String plant, String contentType, long contentLength, InputStream body)
            throws IOException {
        requirePlant(sender, plant);
        if (contentType == null
                || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(OCTET_STREAM)) {
            throw new RejectedRequestException(
                    RejectionReason.UNSUPPORTED_MEDIA_TYPE, "content type was " + contentType);
        }
        RoundAnnouncement announcement = requireOpenRound(round).announcement();
        if (announcement.mode() == AggregationMode.SECURE) {
            throw new RejectedRequestException(
                    RejectionReason.WRONG_PHASE,
                    "round " + round + " uses secure aggregation: send masked inputs to /fl/v1/rounds/" + round
                            + "/secagg");
        }
        byte[] bytes = BoundedBody.read(contentLength, body, announcement.maxDeltaBytes());
        SafetensorsFile file;
        DeltaMetadata metadata;
        try {
            file = AdapterArithmetic.decode(bytes, announcement.maxDeltaBytes());
            metadata = DeltaMetadata.fromMap(file.metadata());
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException(RejectionReason.MALFORMED_DELTA, e.getMessage());
        }
        requirePlant(sender, metadata.plant());
        if (metadata.round() != round) {
            throw new RejectedRequestException(
                    RejectionReason.STALE_ROUND,
                    "metadata names round " + metadata.round() + " but the upload went to round " + round);
        }
        requireMatchingContent(announcement, metadata, file.tensors());
        ReceivedDelta delta = ReceivedDelta.decoded(metadata, file.tensors().flatten(), bytes, coordinator.now());
        return switch (coordinator.accept(delta)) {
            case ACCEPTED -> new DeltaReceipt(round, metadata.plant(), metadata.nonce());
            case REPLAYED_NONCE ->
                throw new RejectedRequestException(
                        RejectionReason.REPLAYED_NONCE,
                        "nonce " + metadata.nonce() + " of plant " + metadata.plant() + " was used before");
            case DUPLICATE_UPLOAD ->
                throw new RejectedRequestException(
                        RejectionReason.DUPLICATE_UPLOAD,
                        "plant " + metadata.plant() + " already uploaded a delta in round " + round);
            case ROUND_NOT_OPEN ->
                throw new RejectedRequestException(
                        RejectionReason.STALE_ROUND, "round " + round + " closed while the upload was checked");
        };
    }

    /**
     * The open round, when it is {@code round} and its deadline has not passed. A plant naming a round that ran
     * until its deadline is a straggler (DEADLINE_PASSED); any other round is STALE_ROUND.
     */
    RoundRecord requireOpenRound(long round) {
        RoundRecord open = coordinator.openRound().orElse(null);
        if (open == null || open.round() != round) {
            boolean straggler = rounds.round(round)
                    .map(closed -> closed.closedAt() != null
                            && !closed.closedAt().isBefore(closed.announcement().deadline()))
                    .orElse(false);
            throw straggler
                    ? new RejectedRequestException(
                            RejectionReason.DEADLINE_PASSED, "round " + round + " closed at its deadline")
                    : new RejectedRequestException(
                            RejectionReason.STALE_ROUND,
                            "round " + round + " is not open"
                                    + (open == null ? "; no round is open" : "; the open round is " + open.round()));
        }
        if (!coordinator.now().isBefore(open.announcement().deadline())) {
            throw new RejectedRequestException(
                    RejectionReason.DEADLINE_PASSED,
                    "round " + round + " closed for uploads at "
                            + open.announcement().deadline());
        }
        return open;
    }

    private TensorDict baseWeights(long version) {
        Map.Entry<Long, TensorDict> cached = baseWeights.get();
        if (cached == null || cached.getKey() != version) {
            cached = Map.entry(
                    version, AdapterArithmetic.weights(rounds.version(version).orElseThrow()));
            baseWeights.set(cached);
        }
        return cached.getValue();
    }

    static void requirePlant(PlantIdentity sender, String plant) {
        if (!sender.plantId().equals(plant)) {
            throw new RejectedRequestException(
                    RejectionReason.PLANT_MISMATCH,
                    "certificate of plant " + sender.plantId() + " cannot act for plant " + plant);
        }
    }

    private void requireMatchingContent(RoundAnnouncement announcement, DeltaMetadata metadata, TensorDict delta) {
        if (!announcement.baseModelHash().equals(metadata.baseModelHash())) {
            throw new RejectedRequestException(
                    RejectionReason.BASE_MODEL_MISMATCH,
                    "delta was trained on base model " + metadata.baseModelHash() + ", the round uses "
                            + announcement.baseModelHash());
        }
        TensorDict global = baseWeights(announcement.baseVersion());
        try {
            global.requireSameLayout(delta);
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException(
                    RejectionReason.SHAPE_MISMATCH,
                    "delta does not match global adapter version " + announcement.baseVersion() + ": "
                            + e.getMessage());
        }
        if (!delta.allFinite()) {
            throw new RejectedRequestException(
                    RejectionReason.NON_FINITE_VALUES, "delta contains NaN or infinite values");
        }
        double norm = delta.l2Norm();
        if (norm > announcement.maxDeltaNorm()) {
            throw new RejectedRequestException(
                    RejectionReason.NORM_EXCEEDED,
                    String.format(
                            "delta has L2 norm %.4g, the round accepts at most %.4g",
                            norm, announcement.maxDeltaNorm()));
        }
    }
}
