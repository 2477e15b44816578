package io.pdm.inference.scoring;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The adapter version a plant's scorer uses now, swapped without a pause: the scoring thread reads {@link #current()}
 * once per window, and a new version is loaded and checked beside it before one reference swap, so no window is
 * dropped and none is scored twice. A version that fails its checks is refused with the reason and the previous one
 * kept. An admin may pin a version (announced versions are then recorded but not used) or roll back to the one
 * before.
 *
 * @param <M> the loaded, checked model (base plus adapter)
 */
public final class AdapterSlot<M> {
    /** Loads one announced version and checks it (base hash, shapes, a smoke prediction) before it may serve. */
    @FunctionalInterface
    public interface Loader<M> {
        M load(Announced version) throws RefusedVersionException;
    }

    /**
     * An adapter version as announced on {@code pdm.{plant}.model-updates.v1}: one adapter ({@code directory}), or
     * an ensemble of K members whose mean the version serves (then {@code directory} is member 0's).
     */
    public record Announced(long version, String directory, String weightsSha256, List<Member> members) {
        public Announced {
            Objects.requireNonNull(directory, "directory");
            members = List.copyOf(members);
        }

        /** One adapter. */
        public Announced(long version, String directory, String weightsSha256) {
            this(version, directory, weightsSha256, List.of());
        }

        /** How many adapters the version serves the mean of. */
        public int k() {
            return Math.max(1, members.size());
        }
    }

    /** One adapter of an ensemble version, with the SHA-256 its weights file must have. */
    public record Member(String directory, String weightsSha256, Long seed) {
        public Member {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(weightsSha256, "weightsSha256");
        }
    }

    /** A version in service (or once in service). */
    public record Loaded<M>(Announced announced, M model, Instant since) {
        public long version() {
            return announced.version();
        }
    }

    /** What happened to an announced version, kept for the admin endpoint and the demo's summary. */
    public record Event(Instant at, long version, Outcome outcome, String detail) {}

    public enum Outcome {
        SWAPPED,
        REFUSED,
        IGNORED_PINNED,
        IGNORED_NOT_NEWER,
        PINNED,
        UNPINNED,
        ROLLED_BACK
    }

    private static final int HISTORY = 5;
    private static final int EVENTS = 100;

    private final Loader<M> loader;
    private final Clock clock;
    private final AtomicReference<Loaded<M>> current = new AtomicReference<>();
    private final Deque<Loaded<M>> previous = new ArrayDeque<>();
    private final Deque<Event> events = new ArrayDeque<>();
    private final java.util.Map<Long, Announced> announced = new java.util.HashMap<>();
    private Long pinned;

    public AdapterSlot(Loader<M> loader, Clock clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.clock = clock;
    }

    /** Starts serving {@code initial} (e.g. the base model alone, or the newest stored version). */
    public AdapterSlot(Loader<M> loader, Clock clock, Loaded<M> initial) {
        this(loader, clock);
        current.set(initial);
        announced.put(initial.version(), initial.announced());
    }

    /** The version in service now, or empty before the first one loaded. */
    public Optional<Loaded<M>> current() {
        return Optional.ofNullable(current.get());
    }

    /** Loads, checks and swaps to an announced version unless it is not newer or a version is pinned. */
    public synchronized Event offer(Announced announced) {
        this.announced.put(announced.version(), announced);
        Loaded<M> now = current.get();
        if (pinned != null) {
            return record(announced.version(), Outcome.IGNORED_PINNED, "version " + pinned + " is pinned");
        }
        if (now != null && announced.version() <= now.version()) {
            return record(
                    announced.version(), Outcome.IGNORED_NOT_NEWER, "version " + now.version() + " is in service");
        }
        return swapTo(announced, Outcome.SWAPPED);
    }

    /** Records a version as announced without loading it (an older one found on start), so it can be pinned. */
    public synchronized void remember(Announced announced) {
        this.announced.putIfAbsent(announced.version(), announced);
    }

    /** Serves exactly {@code version} from now on, loading it if it is not the current one; announcements wait. */
    public synchronized Event pin(Announced version) {
        Loaded<M> now = current.get();
        if (now == null || now.version() != version.version()) {
            Event swapped = swapTo(version, Outcome.PINNED);
            if (swapped.outcome() == Outcome.REFUSED) return swapped;
        }
        pinned = version.version();
        return record(version.version(), Outcome.PINNED, "announced versions are ignored until unpinned");
    }

    public synchronized Event unpin() {
        Long was = pinned;
        pinned = null;
        return record(was == null ? -1 : was, Outcome.UNPINNED, "announced versions are used again");
    }

    /** Returns to the version served before the current one; the current one is dropped. */
    public synchronized Event rollback() {
        Loaded<M> before = previous.pollLast();
        Loaded<M> now = current.get();
        if (before == null) {
            return record(now == null ? -1 : now.version(), Outcome.REFUSED, "no earlier version to roll back to");
        }
        current.set(before);
        pinned = before.version();
        return record(
                before.version(),
                Outcome.ROLLED_BACK,
                "rolled back from " + (now == null ? "none" : now.version()) + "; pinned until unpinned");
    }

    /** A version announced to this slot (or served by it), for pinning by number. */
    public synchronized Optional<Announced> known(long version) {
        Loaded<M> now = current.get();
        if (now != null && now.version() == version) return Optional.of(now.announced());
        return Optional.ofNullable(announced.get(version));
    }

    public synchronized Optional<Long> pinned() {
        return Optional.ofNullable(pinned);
    }

    public synchronized List<Event> events() {
        return new ArrayList<>(events);
    }

    private Event swapTo(Announced announced, Outcome success) {
        M model;
        try {
            model = loader.load(announced);
        } catch (RefusedVersionException | RuntimeException e) {
            return record(announced.version(), Outcome.REFUSED, e.getMessage());
        }
        Loaded<M> before = current.getAndSet(new Loaded<>(announced, model, clock.instant()));
        if (before != null) {
            previous.addLast(before);
            while (previous.size() > HISTORY) previous.removeFirst();
        }
        return record(announced.version(), success, "in service");
    }

    private Event record(long version, Outcome outcome, String detail) {
        Event e = new Event(clock.instant(), version, outcome, detail);
        events.addLast(e);
        while (events.size() > EVENTS) events.removeFirst();
        return e;
    }
}
