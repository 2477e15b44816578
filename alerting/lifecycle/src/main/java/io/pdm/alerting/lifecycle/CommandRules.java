package io.pdm.alerting.lifecycle;

import io.pdm.schemas.alerting.AlertCommand;
import io.pdm.schemas.alerting.AlertState;
import java.time.Duration;
import java.time.Instant;

/** What each command on an open alert does (OPC UA A&amp;C methods plus comment and request-work). */
final class CommandRules {
    private final LifecycleSettings settings;

    CommandRules(LifecycleSettings settings) {
        this.settings = settings;
    }

    void apply(Changes ch, AlertCommand.OnAlert cmd, Instant now) throws Rejected {
        AlertDraft d = ch.draft;
        if (cmd instanceof AlertCommand.Acknowledge c) {
            if (d.acknowledged) {
                d.note("acknowledged-again", c.by(), c.at(), c.comment()); // two people saw it: no new event
                return;
            }
            d.acknowledged = true;
            d.note("acknowledged", c.by(), c.at(), c.comment());
            ch.emit(Transition.ACKNOWLEDGED, c.by(), c.at(), c.comment());
            if (!d.active) {
                d.closedAt = now;
                ch.emit(Transition.CLOSED, c.by(), c.at(), null);
            }
        } else if (cmd instanceof AlertCommand.Confirm c) {
            if (!d.acknowledged) {
                throw new Rejected(RejectReason.INVALID_TRANSITION, "confirm needs the alert acknowledged first");
            }
            if (d.confirmed) return;
            d.confirmed = true;
            d.note("confirmed", c.by(), c.at(), c.comment());
            ch.emit(Transition.CONFIRMED, c.by(), c.at(), c.comment());
        } else if (cmd instanceof AlertCommand.Shelve c) {
            if (c.by().startsWith("system:")) {
                throw new Rejected(RejectReason.NOT_A_PERSON, "shelving needs a named person, not " + c.by());
            }
            Duration duration = c.duration();
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new Rejected(RejectReason.SHELVE_DURATION, "duration must be positive, was " + duration);
            }
            if (duration.compareTo(settings.maxShelve()) > 0) {
                throw new Rejected(
                        RejectReason.SHELVE_DURATION,
                        "duration " + duration + " is longer than this plant's maximum " + settings.maxShelve());
            }
            if (c.reason() == null || c.reason().isBlank()) {
                throw new Rejected(RejectReason.MALFORMED_COMMAND, "shelve needs a reason");
            }
            // the timer runs on wall-clock time from when the command is applied
            d.shelving = new AlertState.Shelving(c.by(), c.reason(), now, now.plus(duration));
            d.note("shelved", c.by(), c.at(), c.reason() + " (" + duration + ")");
            ch.emit(Transition.SHELVED, c.by(), c.at(), c.reason());
        } else if (cmd instanceof AlertCommand.Unshelve c) {
            if (d.shelving == null) throw new Rejected(RejectReason.INVALID_TRANSITION, "the alert is not shelved");
            d.shelving = null;
            d.note("unshelved", c.by(), c.at(), c.comment());
            ch.emit(Transition.UNSHELVED, c.by(), c.at(), c.comment());
        } else if (cmd instanceof AlertCommand.Resolve c) {
            d.resolved = true;
            d.closedAt = now;
            d.note("resolved", c.by(), c.at(), c.comment());
            ch.emit(Transition.RESOLVED, c.by(), c.at(), c.comment());
        } else if (cmd instanceof AlertCommand.Comment c) {
            if (c.text() == null || c.text().isBlank()) {
                throw new Rejected(RejectReason.MALFORMED_COMMAND, "comment needs a text");
            }
            d.note("commented", c.by(), c.at(), c.text());
            ch.emit(Transition.COMMENTED, c.by(), c.at(), c.text());
        } else if (cmd instanceof AlertCommand.RequestWork c) {
            d.note("work-requested", c.by(), c.at(), c.comment());
            ch.emit(Transition.WORK_REQUESTED, c.by(), c.at(), c.comment());
        }
    }
}
