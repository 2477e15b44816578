package io.pdm.federated.aggregator;

import io.pdm.federated.aggregator.round.RoundCoordinator;
import io.pdm.federated.aggregator.round.RoundRecord;
import io.pdm.federated.aggregator.round.RoundRepository;
import io.pdm.federated.pki.PlantIdentity;
import io.pdm.federated.protocol.AdapterLineage;
import io.pdm.federated.protocol.DeltaReceipt;
import io.pdm.federated.protocol.PublishedAdapter;
import io.pdm.federated.protocol.RejectionReason;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.protocol.RoundState;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The plants' API, version 1. Every request is authenticated by the plant's client certificate. */
@RestController
@RequestMapping("/fl/v1")
class AggregatorController {

    private final PlantAuthenticator authenticator;
    private final RoundCoordinator coordinator;
    private final RoundRepository rounds;
    private final DeltaIntake intake;
    private final AggregatorMetrics metrics;

    AggregatorController(
            PlantAuthenticator authenticator,
            RoundCoordinator coordinator,
            RoundRepository rounds,
            DeltaIntake intake,
            AggregatorMetrics metrics) {
        this.authenticator = authenticator;
        this.coordinator = coordinator;
        this.rounds = rounds;
        this.intake = intake;
        this.metrics = metrics;
    }

    /** The open round, or 204 between rounds. */
    @GetMapping("/rounds/current")
    ResponseEntity<RoundAnnouncement> currentRound(HttpServletRequest request) {
        authenticator.authenticate(request);
        return coordinator
                .openRound()
                .map(RoundRecord::announcement)
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @GetMapping("/rounds/{round}")
    RoundState round(@PathVariable long round, HttpServletRequest request) {
        authenticator.authenticate(request);
        return rounds.round(round)
                .map(RoundRecord::toState)
                .orElseThrow(() -> new RejectedRequestException(RejectionReason.NOT_FOUND, "no round " + round));
    }

    /** Body: safetensors with PEFT tensor names and DeltaMetadata in __metadata__. */
    @PostMapping("/rounds/{round}/deltas/{plant}")
    ResponseEntity<DeltaReceipt> uploadDelta(
            @PathVariable long round, @PathVariable String plant, HttpServletRequest request) throws IOException {
        PlantIdentity sender = authenticator.authenticate(request);
        DeltaReceipt receipt = intake.receive(
                sender,
                round,
                plant,
                request.getContentType(),
                request.getContentLengthLong(),
                request.getInputStream());
        metrics.accepted();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(receipt);
    }

    @GetMapping("/adapters/latest")
    AdapterLineage latestAdapter(HttpServletRequest request) {
        authenticator.authenticate(request);
        return rounds.latestVersion().orElseThrow().lineage();
    }

    @GetMapping("/adapters/{version}/lineage")
    AdapterLineage lineage(@PathVariable long version, HttpServletRequest request) {
        authenticator.authenticate(request);
        return adapter(version).lineage();
    }

    @GetMapping(value = "/adapters/{version}/adapter_config.json", produces = MediaType.APPLICATION_JSON_VALUE)
    byte[] adapterConfig(@PathVariable long version, HttpServletRequest request) {
        authenticator.authenticate(request);
        return adapter(version).adapterConfigBytes();
    }

    @GetMapping(
            value = "/adapters/{version}/adapter_model.safetensors",
            produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    byte[] adapterWeights(@PathVariable long version, HttpServletRequest request) {
        authenticator.authenticate(request);
        return adapter(version).weights();
    }

    private PublishedAdapter adapter(long version) {
        return rounds.version(version)
                .orElseThrow(
                        () -> new RejectedRequestException(RejectionReason.NOT_FOUND, "no adapter version " + version));
    }
}
