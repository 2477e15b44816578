package io.pdm.alerting.inbox.board;

import io.pdm.schemas.alerting.AlertState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The inbox's read model: the current state of every alert of the configured plants, as the compacted
 * {@code pdm.{plant}.alerts-state.v1} topics say (one entry per plant and fingerprint; a tombstone removes it). Kept
 * in memory because the compacted topic is the durable copy: a restart reads it again from the beginning.
 *
 * <p>Retention ({@link Retention}) bounds what stays in view and in memory. Listeners hear every change after it is
 * applied (the live stream to browsers); they run on the caller's thread and outside the board's lock.
 */
public final class AlertBoard {
    /** Newest first: by the time the alert opened, then by plant and fingerprint so pages are stable. */
    static final Comparator<AlertState> NEWEST_FIRST = Comparator.comparing(AlertBoard::openedAt)
            .reversed()
            .thenComparing(AlertState::plant)
            .thenComparing(AlertState::fingerprint);

    private record Key(String plant, String fingerprint) {}

    private final Map<Key, AlertState> alerts = new HashMap<>();
    private final List<Consumer<BoardChange>> listeners = new CopyOnWriteArrayList<>();
    private final Retention retention;
    private final Clock clock;

    public AlertBoard(Retention retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    public void addListener(Consumer<BoardChange> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<BoardChange> listener) {
        listeners.remove(listener);
    }

    /** Applies one record of a plant's state topic: the alert's new state, or null for a tombstone. */
    public void apply(String plant, String fingerprint, AlertState state) {
        List<BoardChange> changes = new ArrayList<>();
        synchronized (this) {
            Key key = new Key(plant, fingerprint);
            if (state == null) {
                if (alerts.remove(key) != null) changes.add(new BoardChange(plant, fingerprint, null));
            } else {
                alerts.put(key, state);
                changes.add(new BoardChange(plant, fingerprint, state));
            }
            changes.addAll(prune());
            // an alert that arrives already past retention (an old closed one, read from the beginning) is dropped
            // at once: nobody hears of it
            if (state != null && !alerts.containsKey(key)) {
                changes.removeIf(c -> c.plant().equals(plant) && c.fingerprint().equals(fingerprint));
            }
        }
        for (BoardChange c : changes) for (Consumer<BoardChange> l : listeners) l.accept(c);
    }

    public synchronized Optional<AlertState> get(String plant, String fingerprint) {
        prune();
        return Optional.ofNullable(alerts.get(new Key(plant, fingerprint)));
    }

    /** Every alert of one plant in view, in no particular order. */
    public synchronized List<AlertState> alertsOf(String plant) {
        prune();
        List<AlertState> out = new ArrayList<>();
        for (var e : alerts.entrySet()) if (e.getKey().plant().equals(plant)) out.add(e.getValue());
        return out;
    }

    public synchronized int size() {
        return alerts.size();
    }

    /** The alerts of the plants {@code visible} admits that match the query, newest first, one page of them. */
    public BoardPage query(BoardQuery q, Predicate<String> visible) {
        List<AlertState> matched;
        synchronized (this) {
            prune();
            matched = new ArrayList<>();
            for (AlertState a : alerts.values()) {
                if (visible.test(a.plant()) && q.matches(a)) matched.add(a);
            }
        }
        matched.sort(NEWEST_FIRST);
        int from = (int) Math.min((long) q.page() * q.size(), matched.size());
        int to = Math.min(from + q.size(), matched.size());
        return new BoardPage(matched.subList(from, to), q.page(), q.size(), matched.size());
    }

    /** Drops closed alerts past {@code closedFor}, then the oldest closed ones while there are too many. */
    private List<BoardChange> prune() {
        List<BoardChange> removed = new ArrayList<>();
        Instant horizon = clock.instant().minus(retention.closedFor());
        alerts.entrySet().removeIf(e -> {
            AlertState a = e.getValue();
            boolean old = a.closed() && closedAt(a).isBefore(horizon);
            if (old) removed.add(new BoardChange(e.getKey().plant(), e.getKey().fingerprint(), null));
            return old;
        });
        if (alerts.size() > retention.maxAlerts()) {
            List<Map.Entry<Key, AlertState>> closed = new ArrayList<>();
            for (var e : alerts.entrySet()) if (e.getValue().closed()) closed.add(e);
            closed.sort(Comparator.comparing(e -> closedAt(e.getValue())));
            for (var e : closed) {
                if (alerts.size() <= retention.maxAlerts()) break;
                alerts.remove(e.getKey());
                removed.add(new BoardChange(e.getKey().plant(), e.getKey().fingerprint(), null));
            }
        }
        return removed;
    }

    static Instant openedAt(AlertState a) {
        if (a.raisedAt() != null) return a.raisedAt();
        if (a.receivedAt() != null) return a.receivedAt();
        return Instant.EPOCH;
    }

    static Instant closedAt(AlertState a) {
        if (a.closedAt() != null) return a.closedAt();
        if (a.clearedAt() != null) return a.clearedAt();
        return openedAt(a);
    }
}
