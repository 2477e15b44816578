package io.pdm.alerting.lifecycle;

import io.pdm.schemas.alerting.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One alert's draft and the events decided so far; {@link #step} stamps every event with the final state. */
final class Changes {
    private record Pending(Transition type, int number, String by, Instant at, String text, String escalatedTo) {}

    final AlertDraft draft;
    private final List<Pending> pending = new ArrayList<>();
    private boolean purged;

    Changes(AlertDraft draft) {
        this.draft = draft;
    }

    void emit(Transition type, String by, Instant at, String text) {
        emit(type, by, at, text, null);
    }

    void emit(Transition type, String by, Instant at, String text, String escalatedTo) {
        draft.transitions++;
        pending.add(new Pending(type, draft.transitions, by, at, text, escalatedTo));
    }

    void purge() {
        purged = true;
    }

    Step step(AlertState before) {
        AlertState after = draft.toState();
        List<Emitted> events = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            events.add(new Emitted(p.type(), p.number(), p.by(), p.at(), p.text(), p.escalatedTo(), after));
        }
        return new Step(after, purged || !after.equals(before), purged, events);
    }
}
