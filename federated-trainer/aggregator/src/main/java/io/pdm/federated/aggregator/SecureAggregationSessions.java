package io.pdm.federated.aggregator;

import io.pdm.federated.aggregator.round.RoundCoordinator;
import io.pdm.federated.aggregator.round.RoundListener;
import io.pdm.federated.aggregator.round.RoundRecord;
import io.pdm.federated.aggregator.round.RoundRepository;
import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.PlantPrivacy;
import io.pdm.federated.protocol.RejectionReason;
import io.pdm.federated.protocol.RoundAnnouncement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a {@link SecureRoundSession} whenever a SECURE round opens, times out its phases, and hands its outcome
 * to the coordinator on its own thread, so no lock of a session is held while the coordinator works.
 */
final class SecureAggregationSessions implements RoundListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SecureAggregationSessions.class);
    private final RoundCoordinator coordinator;
    private final RoundRepository rounds;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fl-secagg");
        thread.setDaemon(true);
        return thread;
    });
    private volatile SecureRoundSession current;

    SecureAggregationSessions(
            RoundCoordinator coordinator, RoundRepository rounds, Clock clock, Duration tickInterval) {
        this.coordinator = coordinator;
        this.rounds = rounds;
        this.clock = clock;
        executor.scheduleWithFixedDelay(
                this::tick, tickInterval.toMillis(), tickInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void roundOpened(RoundRecord round) {
        RoundAnnouncement announcement = round.announcement();
        if (announcement.mode() != AggregationMode.SECURE) {
            return;
        }
        int dimension = (int) AdapterArithmetic.weights(
                        rounds.version(announcement.baseVersion()).orElseThrow())
                .numel();
        current = new SecureRoundSession(
                round.round(),
                announcement.secure(),
                dimension,
                announcement.quorum(),
                clock.instant(),
                announcement.deadline(), // the phases' time limits are shares of the round's (SecureRoundSession)
                new SecureRoundSession.Outcome() {
                    @Override
                    public void completed(
                            long number, float[] meanDelta, List<String> contributors, List<PlantPrivacy> privacy) {
                        executor.execute(
                                () -> coordinator.completeSecureRound(number, meanDelta, contributors, privacy));
                    }

                    @Override
                    public void failed(long number, String reason) {
                        executor.execute(() -> coordinator.failSecureRound(number, reason));
                    }
                });
    }

    @Override
    public void roundClosed(RoundRecord round) {
        SecureRoundSession session = current;
        if (session != null && session.round() == round.round()) {
            current = null;
            session.close(); // plants waiting on a phase learn now, not at their wait's end
        }
    }

    /** The session of the open secure round {@code round}. */
    SecureRoundSession session(long round) {
        SecureRoundSession session = current;
        if (session == null || session.round() != round) {
            throw new RejectedRequestException(
                    RejectionReason.STALE_ROUND, "no secure-aggregation session for round " + round);
        }
        return session;
    }

    private void tick() {
        SecureRoundSession session = current;
        try {
            if (session != null) {
                session.tick(clock.instant());
            }
        } catch (RuntimeException e) {
            LOG.error("secure round {} check failed", session.round(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
