package io.pdm.federated.plant;

import io.pdm.federated.pki.KeyBinding;
import io.pdm.federated.pki.RevocationCheck;
import io.pdm.federated.protocol.DeltaMetadata;
import io.pdm.federated.protocol.MaskedDeltaUpload;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.protocol.SecureAggregationParameters;
import io.pdm.federated.secagg.SecAggClient;
import io.pdm.federated.secagg.SecAggMessage.KeyDirectory;
import io.pdm.federated.secagg.SecAggMessage.SharesForClient;
import io.pdm.federated.secagg.SecAggMessage.UnmaskingRequest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * A plant's part in a SECURE round: the four secure-aggregation message rounds over the aggregator's HTTPS API,
 * waiting on the aggregator (long polling, {@link AggregatorClient#awaitJson}) for what the server routes back
 * after each phase closes. The plant sends exampleCount · delta, masked,
 * so the server's unmasked sum divided by the total example count is the FedAvg delta. Public for the scale bench,
 * which drives many simulated plants through it without a {@link FederatedClient} each.
 */
public final class SecureContribution {

    /** The longest a plant asks the aggregator to hold one phase request; it asks again until the deadline. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(25);

    private final AggregatorClient aggregator;
    private final SecureRandom random;
    private final SigningCredential credential;
    private final RevocationCheck revocation;

    /** Without checking peers' certificates against a CRL. */
    public SecureContribution(AggregatorClient aggregator, SecureRandom random, SigningCredential credential) {
        this(aggregator, random, credential, RevocationCheck.none());
    }

    /** @param revocation the federation CRL every peer's certificate in the key directory is checked against */
    public SecureContribution(
            AggregatorClient aggregator,
            SecureRandom random,
            SigningCredential credential,
            RevocationCheck revocation) {
        this.aggregator = aggregator;
        this.random = random;
        this.credential = credential;
        this.revocation = revocation;
    }

    /** @throws io.pdm.federated.pki.KeyBindingException if a peer's key is not bound to its certificate */
    public void run(RoundAnnouncement round, float[] delta, DeltaMetadata metadata) {
        SecureAggregationParameters parameters = round.secure();
        String prefix = "rounds/" + round.round() + "/secagg/";
        SecAggClient client =
                new SecAggClient(parameters.clientIdOf(metadata.plant()), parameters.config(delta.length), random);

        aggregator.postJson(
                prefix + "keys",
                KeyBinding.sign(
                        client.advertiseKeys(),
                        parameters.sessionId(),
                        round.round(),
                        credential.key(),
                        credential.certificate()));
        KeyDirectory directory =
                await(round, wait -> aggregator.awaitJson(prefix + "key-directory", KeyDirectory.class, wait));
        // Before any key is used: each is signed by the certificate of the plant the round gives its client id.
        KeyBinding.requireBound(directory, parameters, round.round(), credential.trustedCas(), revocation);
        aggregator.postJson(prefix + "shares", client.shareKeys(directory));
        SharesForClient shares = await(
                round,
                wait -> aggregator.awaitJson(prefix + "shares/" + metadata.plant(), SharesForClient.class, wait));
        float[] weighted = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            weighted[i] = (float) ((double) delta[i] * metadata.exampleCount());
        }
        aggregator.postJson(
                prefix + "masked-inputs", new MaskedDeltaUpload(metadata, client.maskInput(shares, weighted)));
        UnmaskingRequest request =
                await(round, wait -> aggregator.awaitJson(prefix + "unmasking-request", UnmaskingRequest.class, wait));
        aggregator.postJson(prefix + "unmasking-shares", client.unmask(request));
    }

    private static <T> T await(RoundAnnouncement round, Function<Duration, Optional<T>> poll) {
        for (Instant now = Instant.now(); now.isBefore(round.deadline()); now = Instant.now()) {
            Duration left = Duration.between(now, round.deadline());
            Optional<T> answer = poll.apply(left.compareTo(MAX_WAIT) < 0 ? left : MAX_WAIT);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        throw new IllegalStateException("secure round " + round.round() + " passed its deadline before the next phase");
    }
}
