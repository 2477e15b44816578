package io.pdm.federated.plant;

import io.pdm.federated.protocol.RoundAnnouncement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plant's federated learning unattended: polls the aggregator, takes part in each round once and
 * keeps the newest global version current.
 */
public final class PlantTrainer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlantTrainer.class);

    private final FederatedClient client;
    private final ScheduledExecutorService poller;
    private final Set<Long> attemptedRounds = new HashSet<>();
    private final List<Participation> participations = new ArrayList<>();
    /** The aggregator's last refusal of the plant itself (401/403), cleared by the next successful poll. */
    private volatile AggregatorRejectedException refusal;

    public PlantTrainer(FederatedClient client) {
        this.client = client;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fl-plant-" + client.plant());
            thread.setDaemon(true);
            return thread;
        });
    }

    public PlantTrainer start(Duration pollInterval) {
        poller.scheduleWithFixedDelay(this::pollSafely, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public synchronized List<Participation> participations() {
        return List.copyOf(participations);
    }

    /**
     * Why the aggregator refuses this plant (401 or 403 at the last poll: revoked or unregistered certificate), or
     * empty. Polling goes on, since an operator may fix the registration, but a caller waiting for rounds can stop.
     */
    public Optional<AggregatorRejectedException> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** One poll: adopt the newest version, then take part in the open round if not done yet. */
    public void poll() {
        try {
            client.syncLatest();
        } catch (AggregatorRejectedException e) {
            if (refusesPlant(e.status())) refusal = e;
            throw e;
        }
        refusal = null;
        Optional<RoundAnnouncement> round = client.currentRound();
        if (round.isPresent() && firstAttempt(round.get().round())) {
            Participation participation = client.participate(round.get());
            synchronized (this) {
                participations.add(participation);
            }
        }
    }

    /** Statuses by which the aggregator refuses who the plant is, not what it sent: no retry changes them. */
    static boolean refusesPlant(int status) {
        return status == 401 || status == 403;
    }

    private synchronized boolean firstAttempt(long round) {
        return attemptedRounds.add(round);
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) { // the aggregator may be restarting: try again at the next poll
            if (poller.isShutdown()) {
                return; // interrupted by close()
            }
            LOG.warn("plant {}: federated poll failed: {}", client.plant(), e.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
