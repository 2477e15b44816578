package io.pdm.federated.aggregator;

import io.pdm.federated.protocol.DeltaMetadata;
import io.pdm.federated.protocol.MaskedDeltaUpload;
import io.pdm.federated.protocol.PlantPrivacy;
import io.pdm.federated.protocol.RejectionReason;
import io.pdm.federated.protocol.SecureAggregationParameters;
import io.pdm.federated.secagg.SecAggException;
import io.pdm.federated.secagg.SecAggMessage.AdvertisedKeys;
import io.pdm.federated.secagg.SecAggMessage.KeyDirectory;
import io.pdm.federated.secagg.SecAggMessage.SharedKeys;
import io.pdm.federated.secagg.SecAggMessage.SharesForClient;
import io.pdm.federated.secagg.SecAggMessage.UnmaskingRequest;
import io.pdm.federated.secagg.SecAggMessage.UnmaskingShares;
import io.pdm.federated.secagg.SecAggResult;
import io.pdm.federated.secagg.SecAggServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One secure round's server side over HTTP: each of the four message rounds closes when every expected plant has
 * sent or its phase timeout passes, and whoever has not sent by then counts as dropped. The outcome (the mean
 * delta, or why it failed) goes to {@code outcome}, which must not call back into this session under its lock.
 */
final class SecureRoundSession {

    /** Where a finished session's result goes. */
    interface Outcome {
        void completed(long round, float[] meanDelta, List<String> contributors, List<PlantPrivacy> privacy);

        void failed(long round, String reason);
    }

    /**
     * The message rounds with their weight in the round's time. Plants train before they advertise their keys, so
     * advertising gets half of the round; the three exchanges that follow are a few messages each. {@link #SLACK} is
     * left after the last phase for the aggregator to publish before the round's deadline.
     */
    enum Phase {
        ADVERTISING(4),
        SHARING_KEYS(1),
        MASKING(1),
        UNMASKING(1),
        DONE(0);

        private final int weight;

        Phase(int weight) {
            this.weight = weight;
        }
    }

    private static final int SLACK = 1;

    private final long round;
    private final int quorum;
    private final SecureAggregationParameters parameters;
    private final SecAggServer server;
    private final Instant roundDeadline;
    private final Outcome outcome;
    private final Map<Integer, DeltaMetadata> metadataByClient = new TreeMap<>();
    private final Set<Integer> received = new HashSet<>();
    private Set<Integer> expected;
    private Phase phase = Phase.ADVERTISING;
    private Instant phaseDeadline;
    private KeyDirectory directory;
    private Map<Integer, SharesForClient> routedShares;
    private UnmaskingRequest unmaskingRequest;
    private List<Runnable> phaseWaiters = new ArrayList<>();
    private boolean closed;

    SecureRoundSession(
            long round,
            SecureAggregationParameters parameters,
            int dimension,
            Instant now,
            Instant roundDeadline,
            Outcome outcome) {
        this(round, parameters, dimension, 1, now, roundDeadline, outcome);
    }

    /** @param quorum fewest masked inputs that make the round (with SecAgg+ the threshold no longer implies it) */
    SecureRoundSession(
            long round,
            SecureAggregationParameters parameters,
            int dimension,
            int quorum,
            Instant now,
            Instant roundDeadline,
            Outcome outcome) {
        this.round = round;
        this.quorum = quorum;
        this.parameters = parameters;
        this.server = new SecAggServer(parameters.config(dimension));
        this.roundDeadline = roundDeadline;
        this.outcome = outcome;
        this.expected = Set.copyOf(parameters.clientIdByPlant().values());
        this.phaseDeadline = phaseDeadline(Phase.ADVERTISING, now, roundDeadline);
    }

    /**
     * When {@code phase}, starting at {@code now}, closes at the latest: its weight's share of the time left before
     * the round's deadline, among itself, the phases after it and the slack. A phase that closes early (every plant
     * sent) so leaves its time to the later ones, and the last phase still ends before the round's deadline.
     */
    static Instant phaseDeadline(Phase phase, Instant now, Instant roundDeadline) {
        Duration left = Duration.between(now, roundDeadline);
        if (left.isNegative()) {
            return now;
        }
        int weights = SLACK;
        for (Phase later : Phase.values()) {
            if (later.ordinal() >= phase.ordinal()) weights += later.weight;
        }
        return now.plus(left.multipliedBy(phase.weight).dividedBy(weights));
    }

    long round() {
        return round;
    }

    synchronized void receive(AdvertisedKeys keys, Instant now) {
        accept(
                Phase.ADVERTISING,
                keys.client(),
                () -> {
                    server.receive(keys);
                    return null;
                },
                now);
    }

    synchronized void receive(SharedKeys keys, Instant now) {
        accept(
                Phase.SHARING_KEYS,
                keys.client(),
                () -> {
                    server.receive(keys);
                    return null;
                },
                now);
    }

    synchronized void receive(MaskedDeltaUpload upload, Instant now) {
        int client = upload.maskedInput().client();
        accept(
                Phase.MASKING,
                client,
                () -> {
                    server.receive(upload.maskedInput());
                    return null;
                },
                now);
        metadataByClient.put(client, upload.metadata());
    }

    synchronized void receive(UnmaskingShares shares, Instant now) {
        accept(
                Phase.UNMASKING,
                shares.client(),
                () -> {
                    server.receive(shares);
                    return null;
                },
                now);
    }

    /** The keys of the client and of its neighbours, once advertising closed. */
    synchronized Optional<KeyDirectory> keyDirectory(int client) {
        if (directory == null) {
            return Optional.empty();
        }
        if (!directory.keysByClient().containsKey(client)) {
            throw new RejectedRequestException(
                    RejectionReason.WRONG_PHASE, "client " + client + " was dropped at advertising");
        }
        return Optional.of(server.directoryFor(client));
    }

    synchronized Optional<SharesForClient> sharesFor(int client) {
        if (routedShares == null) {
            return Optional.empty();
        }
        SharesForClient shares = routedShares.get(client);
        if (shares == null) {
            throw new RejectedRequestException(
                    RejectionReason.WRONG_PHASE, "client " + client + " was dropped at key sharing");
        }
        return Optional.of(shares);
    }

    synchronized Optional<UnmaskingRequest> unmaskingRequest() {
        return Optional.ofNullable(unmaskingRequest);
    }

    /**
     * {@code read} now if it has content or the session is over; otherwise {@code onPhaseChange} runs at the next
     * phase change (or when the session ends) and the answer is empty. Under the session's lock, so a change between
     * the read and the registration cannot be missed (LongPoll).
     */
    synchronized <T> Optional<T> readOrWait(Supplier<Optional<T>> read, Runnable onPhaseChange) {
        Optional<T> now = read.get();
        if (now.isEmpty()) {
            if (phase == Phase.DONE || closed) {
                onPhaseChange.run(); // nothing more will change: answer now rather than at the wait's end
            } else {
                phaseWaiters.add(onPhaseChange);
            }
        }
        return now;
    }

    /** Wakes every waiting request: the round was closed from outside (its deadline, a shutdown). */
    synchronized void close() {
        closed = true;
        wakeWaiters();
    }

    /** Closes the current phase if its timeout passed. */
    synchronized void tick(Instant now) {
        if (phase != Phase.DONE && !now.isBefore(phaseDeadline)) {
            advance(now);
        }
    }

    private void accept(Phase required, int client, Supplier<Void> delivery, Instant now) {
        if (phase != required) {
            throw new RejectedRequestException(
                    RejectionReason.WRONG_PHASE, "secure round " + round + " is at " + phase + ", not " + required);
        }
        try {
            delivery.get();
        } catch (SecAggException | IllegalArgumentException e) {
            throw new RejectedRequestException(RejectionReason.INVALID_MESSAGE, e.getMessage());
        }
        received.add(client);
        if (received.containsAll(expected)) {
            advance(now);
        }
    }

    private void advance(Instant now) {
        Phase closing = phase;
        try {
            switch (closing) {
                case ADVERTISING -> {
                    directory = server.closeAdvertising();
                    next(Phase.SHARING_KEYS, directory.keysByClient().keySet(), now);
                }
                case SHARING_KEYS -> {
                    routedShares = server.closeKeySharing();
                    next(Phase.MASKING, routedShares.keySet(), now);
                }
                case MASKING -> {
                    if (received.size() < quorum) {
                        throw new SecAggException("only " + received.size() + " plants sent a masked input, the round's"
                                + " quorum is " + quorum);
                    }
                    unmaskingRequest = server.closeInputCollection();
                    next(Phase.UNMASKING, unmaskingRequest.survivors(), now);
                }
                case UNMASKING -> finish(server.finish());
                case DONE -> {}
            }
        } catch (SecAggException | IllegalStateException e) { // too few survivors, inconsistent shares
            phase = Phase.DONE;
            outcome.failed(round, "secure aggregation failed closing " + closing + ": " + e.getMessage());
        }
        wakeWaiters();
    }

    /** Each waiter reads again and answers (an async dispatch each, so quick under the lock). */
    private void wakeWaiters() {
        List<Runnable> waiters = phaseWaiters;
        phaseWaiters = new ArrayList<>();
        waiters.forEach(Runnable::run);
    }

    private void next(Phase nextPhase, Set<Integer> participants, Instant now) {
        phase = nextPhase;
        expected = Set.copyOf(participants);
        received.clear();
        phaseDeadline = phaseDeadline(nextPhase, now, roundDeadline);
    }

    /** The plants pre-multiplied their deltas by their example counts, so the sum divided by the total is FedAvg. */
    private void finish(SecAggResult result) {
        phase = Phase.DONE;
        long totalExamples = 0;
        List<String> contributors = new ArrayList<>();
        List<PlantPrivacy> privacy = new ArrayList<>();
        for (int client : result.contributors()) {
            DeltaMetadata metadata = metadataByClient.get(client);
            totalExamples += metadata.exampleCount();
            contributors.add(metadata.plant());
            privacy.add(metadata.privacy());
        }
        float[] mean = result.sum();
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (mean[i] / (double) totalExamples);
        }
        outcome.completed(round, mean, contributors, privacy);
    }
}
