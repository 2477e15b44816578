package io.pdm.federated.aggregator.round;

import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.AdapterLineage;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.PlantPrivacy;
import io.pdm.federated.protocol.PublishedAdapter;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.protocol.SecureAggregationParameters;
import io.pdm.federated.rules.AggregationResult;
import io.pdm.federated.rules.AggregationRule;
import io.pdm.federated.rules.AggregationStrategy;
import io.pdm.federated.rules.RoundAggregation;
import io.pdm.federated.rules.ServerOptimizer;
import io.pdm.federated.rules.ServerStep;
import io.pdm.federated.secagg.NeighbourhoodBound;
import io.pdm.model.io.Safetensors;
import io.pdm.model.tensor.TensorDict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round state machine: exactly one round is open at a time; it closes at its deadline, or as soon as every
 * invited plant has uploaded, and then either publishes the next adapter version (quorum met) or fails; either
 * way the next round opens from the latest version, so a failed round is retried under a new number.
 *
 * <p>A PLAIN round folds each accepted delta into its {@link RoundAggregation} as it arrives: FedAvg into a running
 * weighted sum, the other rules into a block-wise spill in the round's directory under the spool root. PostgreSQL
 * keeps the round, its acceptances and nonces, and the published version, not the deltas. The running aggregate
 * lives in this process, so a round left open by a stopped aggregator (PLAIN or SECURE, whose masking state also
 * lived in memory) is aborted at the next start and a new round is announced on the same base version; the plants
 * that had uploaded take part again in that round.
 */
public final class RoundCoordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoundCoordinator.class);

    private final RoundRepository rounds;
    private final RoundPolicy policy;
    private final SortedSet<String> invitedPlants;
    private final String baseModelHash;
    private final Clock clock;
    private final ReferenceUpdate reference;
    private final List<RoundListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fl-round-ticker");
        thread.setDaemon(true);
        return thread;
    });
    private final Path spoolRoot;
    private RoundRecord open;
    /** The open PLAIN round's aggregation and its contributors' privacy parameters, by plant name. */
    private RoundAggregation aggregation;

    private final TreeMap<String, PlantPrivacy> privacy = new TreeMap<>();

    public RoundCoordinator(
            RoundRepository rounds,
            RoundPolicy policy,
            SortedSet<String> invitedPlants,
            String baseModelHash,
            Clock clock) {
        this(rounds, policy, invitedPlants, baseModelHash, clock, null);
    }

    /** With a temporary spool root for the rounds that spill. */
    public RoundCoordinator(
            RoundRepository rounds,
            RoundPolicy policy,
            SortedSet<String> invitedPlants,
            String baseModelHash,
            Clock clock,
            ReferenceUpdate reference) {
        this(rounds, policy, invitedPlants, baseModelHash, clock, reference, RoundSpool.temporary());
    }

    /**
     * @param reference the aggregator's own update for rules that judge plants against one (FLTrust); null for none
     * @param spoolRoot where rules that need every delta spill a round's deltas (one directory per round, deleted
     *                  when the round closes); it should be on a local disk with room for n × the delta size
     */
    public RoundCoordinator(
            RoundRepository rounds,
            RoundPolicy policy,
            SortedSet<String> invitedPlants,
            String baseModelHash,
            Clock clock,
            ReferenceUpdate reference,
            Path spoolRoot) {
        this.spoolRoot = java.util.Objects.requireNonNull(spoolRoot, "spoolRoot");
        this.reference = reference;
        this.rounds = rounds;
        this.policy = policy;
        this.invitedPlants = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(invitedPlants));
        this.baseModelHash = baseModelHash;
        this.clock = clock;
    }

    public void addListener(RoundListener listener) {
        listeners.add(listener);
    }

    /** Aborts a round left open by an earlier process, opens the next one, then checks deadlines. */
    public synchronized void start(Duration tickInterval) {
        RoundSpool.clear(spoolRoot);
        Optional<RoundRecord> left = rounds.openRound();
        if (left.isPresent()) {
            boolean secure = left.get().announcement().mode() == AggregationMode.SECURE;
            LOG.warn(
                    "aborting round {}: its {} died with the previous aggregator; the next round re-announces it",
                    left.get().round(),
                    secure ? "masking state" : "running aggregate");
            List<String> uploaded =
                    secure ? List.of() : rounds.contributors(left.get().round());
            end(
                    left.get(),
                    RoundStatus.ABORTED,
                    secure
                            ? "aggregator restarted during a secure-aggregation round"
                            : "aggregator restarted mid-round: " + uploaded.size()
                                    + " accepted deltas lived in its running aggregate; the round is re-announced",
                    List.of());
        } else {
            openNextRound();
        }
        long millis = tickInterval.toMillis();
        ticker.scheduleWithFixedDelay(this::closeIfDueSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    public SortedSet<String> invitedPlants() {
        return invitedPlants;
    }

    public synchronized Optional<RoundRecord> openRound() {
        return Optional.ofNullable(open);
    }

    public Instant now() {
        return clock.instant();
    }

    /** Stores a validated PLAIN-mode delta for the open round; closes the round early once every plant is in. */
    public synchronized RoundRepository.Acceptance accept(ReceivedDelta delta) {
        if (open == null || open.round() != delta.metadata().round()) {
            return RoundRepository.Acceptance.ROUND_NOT_OPEN;
        }
        if (aggregation == null) {
            return RoundRepository.Acceptance.ROUND_NOT_OPEN;
        }
        RoundRepository.Acceptance acceptance = rounds.accept(
                open.round(),
                delta,
                () -> aggregation.add(
                        delta.plant(), delta.valuesView(), delta.metadata().exampleCount()));
        if (acceptance == RoundRepository.Acceptance.ACCEPTED) {
            privacy.put(delta.plant(), delta.metadata().privacy());
            if (aggregation.count() == invitedPlants.size()) {
                ticker.execute(this::closeIfDueSafely); // aggregate off the uploading plant's request
            }
        }
        return acceptance;
    }

    /** A SECURE round's session produced the mean delta: publish it. */
    public synchronized void completeSecureRound(
            long round, float[] meanDelta, List<String> contributors, List<PlantPrivacy> privacy) {
        if (open != null && open.round() == round) {
            publish(open, meanDelta, contributors, List.of(), privacy);
        }
    }

    /** A SECURE round's session cannot finish (too few survivors, protocol error): fail the round so it is retried. */
    public synchronized void failSecureRound(long round, String reason) {
        if (open != null && open.round() == round) {
            end(open, RoundStatus.FAILED, reason, List.copyOf(invitedPlants));
        }
    }

    /** Closes the open round if its deadline passed or, in PLAIN mode, every invited plant uploaded. */
    synchronized void closeIfDue() {
        if (open == null) {
            return;
        }
        boolean pastDeadline = !clock.instant().isBefore(open.announcement().deadline());
        if (open.announcement().mode() == AggregationMode.SECURE) {
            if (pastDeadline) {
                end(
                        open,
                        RoundStatus.FAILED,
                        "secure aggregation did not finish by the deadline",
                        List.copyOf(invitedPlants));
            }
            return;
        }
        if (pastDeadline || aggregation.count() == invitedPlants.size()) {
            closePlainRound(open);
        }
    }

    private void closeIfDueSafely() {
        try {
            closeIfDue();
        } catch (RuntimeException e) { // keep ticking: a database hiccup must not stop all future rounds
            LOG.error("round check failed", e);
        }
    }

    private void closePlainRound(RoundRecord round) {
        List<String> contributors = List.copyOf(privacy.keySet());
        if (contributors.size() < round.announcement().quorum()) {
            end(
                    round,
                    RoundStatus.FAILED,
                    "quorum not met: " + contributors.size() + " of "
                            + round.announcement().quorum() + " deltas by the deadline",
                    dropped(contributors));
            return;
        }
        AggregationResult result;
        try {
            AggregationRule rule =
                    AggregationStrategy.from(round.announcement().strategy()).rule();
            result = aggregation.aggregate(rule.needsReference() ? referenceDelta(round.announcement()) : null);
            // Robust rules say here whom they dropped or scaled down: the trail for spotting a misbehaving plant.
            LOG.info("round {} aggregation: {}", round.round(), result.report());
        } catch (RuntimeException e) { // e.g. Krum with too few plants: the round fails, the next one starts
            LOG.warn("round {} could not aggregate", round.round(), e);
            end(round, RoundStatus.FAILED, "aggregation failed: " + e.getMessage(), dropped(contributors));
            return;
        }
        publish(round, result.delta(), contributors, result.report().excludedPlants(), List.copyOf(privacy.values()));
    }

    /** The reference update of the round's base version, flattened in the order the uploads are. */
    private float[] referenceDelta(RoundAnnouncement announcement) {
        if (reference == null) {
            throw new IllegalStateException("the round's rule needs a reference update and this aggregator has none");
        }
        PublishedAdapter base = rounds.version(announcement.baseVersion()).orElseThrow();
        return reference.delta(base, announcement).flatten();
    }

    /** @param excluded contributors whose delta the robust rule left out of the aggregate */
    private void publish(
            RoundRecord round,
            float[] aggregate,
            List<String> contributors,
            List<String> excluded,
            List<PlantPrivacy> privacy) {
        RoundAnnouncement announcement = round.announcement();
        PublishedAdapter next;
        byte[] optimizerState;
        try {
            PublishedAdapter base = rounds.version(announcement.baseVersion()).orElseThrow();
            TensorDict global = AdapterArithmetic.weights(base);
            ServerOptimizer optimizer =
                    AggregationStrategy.from(announcement.strategy()).serverOptimizer();
            ServerStep step = optimizer.step(
                    global.flatten(),
                    aggregate,
                    OptimizerStates.decodeOrInitial(
                            rounds.optimizerState(base.version()).orElse(null), optimizer, (int) global.numel()));
            AdapterLineage lineage = new AdapterLineage(
                    announcement.baseVersion() + 1,
                    announcement.baseVersion(),
                    announcement.round(),
                    baseModelHash,
                    new TreeSet<>(contributors).stream().toList(),
                    dropped(contributors),
                    new TreeSet<>(excluded).stream().toList(),
                    announcement.strategy(),
                    announcement.mode(),
                    privacy,
                    clock.instant());
            next = new PublishedAdapter(
                    lineage,
                    base.adapterConfigJson(),
                    Safetensors.encode(global.unflatten(step.global()), AdapterArithmetic.PEFT_METADATA));
            optimizerState = OptimizerStates.encode(optimizer, step.state());
        } catch (RuntimeException e) { // e.g. a secure sum of the wrong length: fail this round, not every later tick
            LOG.error("round {} could not build its adapter version", round.round(), e);
            end(round, RoundStatus.FAILED, "publishing failed: " + e.getMessage(), dropped(contributors));
            return;
        }
        if (rounds.publish(
                announcement.round(), next, optimizerState, next.lineage().droppedPlants(), clock.instant())) {
            LOG.info(
                    "round {} published adapter version {} from {}",
                    announcement.round(),
                    next.version(),
                    contributors);
        }
        afterClose(round);
    }

    private void end(RoundRecord round, RoundStatus status, String outcome, List<String> droppedPlants) {
        if (rounds.close(round.round(), status, outcome, droppedPlants, clock.instant())) {
            LOG.info("round {} {}: {}", round.round(), status, outcome);
        }
        afterClose(round);
    }

    private void afterClose(RoundRecord round) {
        RoundRecord closed = rounds.round(round.round()).orElseThrow();
        open = null;
        closeAggregation();
        listeners.forEach(listener -> listener.roundClosed(closed));
        openNextRound();
    }

    private void openNextRound() {
        PublishedAdapter latest =
                rounds.latestVersion().orElseThrow(() -> new IllegalStateException("no seed adapter"));
        Instant now = clock.instant();
        RoundAnnouncement announcement = new RoundAnnouncement(
                rounds.nextRoundNumber(),
                latest.version(),
                baseModelHash,
                AdapterArithmetic.config(latest),
                now.plus(policy.roundDuration()),
                policy.quorum(),
                policy.strategy().spec(),
                policy.mode(),
                policy.maxDeltaNorm(),
                policy.maxDeltaBytes(),
                secureParameters());
        rounds.open(announcement, now);
        if (policy.mode() == AggregationMode.PLAIN) { // SECURE rounds sum masked inputs in their session instead
            try {
                aggregation = RoundAggregation.start(
                        policy.strategy().rule(),
                        (int) AdapterArithmetic.weights(latest).numel(),
                        spoolRoot.resolve("round-" + announcement.round()),
                        invitedPlants.size());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the spool of round " + announcement.round(), e);
            }
        }
        open = rounds.round(announcement.round()).orElseThrow();
        LOG.info(
                "round {} open on version {} until {}",
                announcement.round(),
                latest.version(),
                announcement.deadline());
        listeners.forEach(listener -> listener.roundOpened(open));
    }

    private SecureAggregationParameters secureParameters() {
        if (policy.mode() != AggregationMode.SECURE) {
            return null;
        }
        TreeMap<String, Integer> ids = new TreeMap<>();
        invitedPlants.forEach(plant -> ids.put(plant, ids.size() + 1));
        int completeThreshold = Math.min(ids.size(), Math.max(policy.quorum(), ids.size() / 2 + 1));
        // SecAgg+: each plant shares with k neighbours, t of them recover its secrets; the quorum is checked apart
        NeighbourhoodBound.Choice neighbourhood = policy.secureNeighbourhood(ids.size(), completeThreshold);
        return new SecureAggregationParameters(
                java.util.UUID.randomUUID().toString(),
                ids,
                neighbourhood.threshold(),
                policy.secureCodecScale(),
                policy.secureCodecRange(),
                neighbourhood.neighbours());
    }

    private List<String> dropped(List<String> contributors) {
        TreeSet<String> dropped = new TreeSet<>(invitedPlants);
        contributors.forEach(dropped::remove);
        return List.copyOf(dropped);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closeAggregation();
        }
    }

    private void closeAggregation() {
        privacy.clear();
        if (aggregation != null) {
            try {
                aggregation.close();
            } catch (IOException e) { // the directory is cleared again at the next start
                LOG.warn("could not delete the spool of a closed round", e);
            }
            aggregation = null;
        }
    }
}
