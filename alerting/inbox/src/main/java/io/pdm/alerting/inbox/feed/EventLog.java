package io.pdm.alerting.inbox.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The recent maintenance events of the configured plants, for the alarm-system page and the live stream: at most
 * {@code window} old (by transition time) and at most {@code maxEvents} of them, the oldest dropped first.
 */
public final class EventLog {
    private final Deque<AlarmEvent> events = new ArrayDeque<>();
    private final List<Consumer<AlarmEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Duration window;
    private final int maxEvents;
    private final Clock clock;

    public EventLog(Duration window, int maxEvents, Clock clock) {
        this.window = window;
        this.maxEvents = maxEvents;
        this.clock = clock;
    }

    public void addListener(Consumer<AlarmEvent> listener) {
        listeners.add(listener);
    }

    public void add(AlarmEvent e) {
        synchronized (this) {
            events.addLast(e);
            trim();
        }
        for (Consumer<AlarmEvent> l : listeners) l.accept(e);
    }

    /** The events of one plant, oldest first. */
    public synchronized List<AlarmEvent> of(String plant) {
        trim();
        List<AlarmEvent> out = new ArrayList<>();
        for (AlarmEvent e : events) if (e.plant().equals(plant)) out.add(e);
        return out;
    }

    private void trim() {
        Instant horizon = clock.instant().minus(window);
        while (events.size() > maxEvents) events.removeFirst();
        events.removeIf(e -> e.time() != null && e.time().isBefore(horizon));
    }
}
