package io.pdm.federated.aggregator;

import io.pdm.federated.aggregator.round.RoundCoordinator;
import io.pdm.federated.aggregator.round.RoundRepository;
import io.pdm.federated.pki.KeyBinding;
import io.pdm.federated.pki.KeyBindingException;
import io.pdm.federated.pki.PlantIdentity;
import io.pdm.federated.protocol.FlJson;
import io.pdm.federated.protocol.MaskedDeltaUpload;
import io.pdm.federated.protocol.RejectionReason;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.secagg.SecAggMessage.AdvertisedKeys;
import io.pdm.federated.secagg.SecAggMessage.KeyDirectory;
import io.pdm.federated.secagg.SecAggMessage.SharedKeys;
import io.pdm.federated.secagg.SecAggMessage.SharesForClient;
import io.pdm.federated.secagg.SecAggMessage.UnmaskingRequest;
import io.pdm.federated.secagg.SecAggMessage.UnmaskingShares;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The secure-aggregation message rounds of a SECURE round, over the same mTLS API: plants POST their message
 * of each phase and GET what the server routes back, which answers 204 until the phase has closed; with
 * {@code Prefer: wait=S} the GET waits for the phase to close instead ({@link LongPoll}). A plant may
 * only send as its own secure-aggregation id and only read the shares addressed to it.
 */
@RestController
@RequestMapping("/fl/v1/rounds/{round}/secagg")
class SecureAggregationController {

    private final PlantAuthenticator authenticator;
    private final DeltaIntake intake;
    private final SecureAggregationSessions sessions;
    private final RoundCoordinator coordinator;
    private final RoundRepository rounds;
    private final LongPoll longPoll;

    SecureAggregationController(
            PlantAuthenticator authenticator,
            DeltaIntake intake,
            SecureAggregationSessions sessions,
            RoundCoordinator coordinator,
            RoundRepository rounds,
            LongPoll longPoll) {
        this.rounds = rounds;
        this.longPoll = longPoll;
        this.authenticator = authenticator;
        this.intake = intake;
        this.sessions = sessions;
        this.coordinator = coordinator;
    }

    @PostMapping("/keys")
    ResponseEntity<Void> advertiseKeys(@PathVariable long round, HttpServletRequest request) throws IOException {
        AdvertisedKeys keys = read(round, request, AdvertisedKeys.class);
        requireOwnId(round, request, keys.client());
        // Keys must be signed by the certificate of this TLS session: what plants check before using any key.
        try {
            KeyBinding.requireSignedBySession(
                    keys,
                    intake.requireOpenRound(round).announcement().secure().sessionId(),
                    round,
                    authenticator.certificate(request));
        } catch (KeyBindingException e) {
            throw new RejectedRequestException(RejectionReason.UNBOUND_KEY, e.getMessage());
        }
        sessions.session(round).receive(keys, coordinator.now());
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/key-directory")
    DeferredResult<ResponseEntity<KeyDirectory>> keyDirectory(@PathVariable long round, HttpServletRequest request) {
        PlantIdentity sender = authenticator.authenticate(request);
        SecureRoundSession session = sessions.session(round);
        int client = clientId(round, sender.plantId());
        // only the caller's own keys and its neighbours' (SecAgg+): O(k) per plant rather than O(n)
        return longPoll.answer(request, session, () -> session.keyDirectory(client));
    }

    @PostMapping("/shares")
    ResponseEntity<Void> shareKeys(@PathVariable long round, HttpServletRequest request) throws IOException {
        SharedKeys keys = read(round, request, SharedKeys.class);
        requireOwnId(round, request, keys.client());
        sessions.session(round).receive(keys, coordinator.now());
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/shares/{plant}")
    DeferredResult<ResponseEntity<SharesForClient>> sharesFor(
            @PathVariable long round, @PathVariable String plant, HttpServletRequest request) {
        PlantIdentity sender = authenticator.authenticate(request);
        DeltaIntake.requirePlant(sender, plant);
        SecureRoundSession session = sessions.session(round);
        int client = clientId(round, plant);
        return longPoll.answer(request, session, () -> session.sharesFor(client));
    }

    @PostMapping("/masked-inputs")
    ResponseEntity<Void> maskedInput(@PathVariable long round, HttpServletRequest request) throws IOException {
        MaskedDeltaUpload upload = read(round, request, MaskedDeltaUpload.class);
        PlantIdentity sender = requireOwnId(round, request, upload.maskedInput().client());
        DeltaIntake.requirePlant(sender, upload.metadata().plant());
        RoundAnnouncement announcement = intake.requireOpenRound(round).announcement();
        if (upload.metadata().round() != round) {
            throw new RejectedRequestException(
                    RejectionReason.STALE_ROUND,
                    "metadata names round " + upload.metadata().round());
        }
        if (!announcement.baseModelHash().equals(upload.metadata().baseModelHash())) {
            throw new RejectedRequestException(
                    RejectionReason.BASE_MODEL_MISMATCH,
                    "masked delta was trained on base model "
                            + upload.metadata().baseModelHash());
        }
        if (!rounds.recordNonce(sender.plantId(), upload.metadata().nonce(), round, coordinator.now())) {
            throw new RejectedRequestException(
                    RejectionReason.REPLAYED_NONCE,
                    "nonce " + upload.metadata().nonce() + " of plant " + sender.plantId() + " was used before");
        }
        sessions.session(round).receive(upload, coordinator.now());
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/unmasking-request")
    DeferredResult<ResponseEntity<UnmaskingRequest>> unmaskingRequest(
            @PathVariable long round, HttpServletRequest request) {
        authenticator.authenticate(request);
        SecureRoundSession session = sessions.session(round);
        return longPoll.answer(request, session, session::unmaskingRequest);
    }

    @PostMapping("/unmasking-shares")
    ResponseEntity<Void> unmaskingShares(@PathVariable long round, HttpServletRequest request) throws IOException {
        UnmaskingShares shares = read(round, request, UnmaskingShares.class);
        requireOwnId(round, request, shares.client());
        sessions.session(round).receive(shares, coordinator.now());
        return ResponseEntity.accepted().build();
    }

    /** Authenticates, checks the round and reads a JSON body no larger than the round allows for a delta. */
    private <T> T read(long round, HttpServletRequest request, Class<T> type) throws IOException {
        authenticator.authenticate(request);
        RoundAnnouncement announcement = intake.requireOpenRound(round).announcement();
        // a masked int32 vector as decimal JSON takes up to 12 bytes per 4-byte float of a safetensors delta
        byte[] body = BoundedBody.read(
                request.getContentLengthLong(), request.getInputStream(), 3 * announcement.maxDeltaBytes());
        try {
            return FlJson.read(new String(body, StandardCharsets.UTF_8), type);
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException(RejectionReason.INVALID_MESSAGE, e.getMessage());
        }
    }

    private PlantIdentity requireOwnId(long round, HttpServletRequest request, int client) {
        PlantIdentity sender = authenticator.authenticate(request);
        if (clientId(round, sender.plantId()) != client) {
            throw new RejectedRequestException(
                    RejectionReason.PLANT_MISMATCH,
                    "plant " + sender.plantId() + " cannot send as secure-aggregation client " + client);
        }
        return sender;
    }

    private int clientId(long round, String plant) {
        try {
            return intake.requireOpenRound(round).announcement().secure().clientIdOf(plant);
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException(RejectionReason.UNKNOWN_PLANT, e.getMessage());
        }
    }
}
