package io.pdm.alerting.lifecycle;

import io.pdm.schemas.alerting.AlertCommand;
import io.pdm.schemas.alerting.AlertState;
import io.pdm.schemas.alerting.SeverityBand;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The alert lifecycle as pure functions: (state before, input, wall-clock now, surroundings) → state after and the
 * events to emit. No Kafka here; the topology stores the states and sends the events. The rules (alerting/README.md):
 *
 * <ul>
 *   <li>one open alert per fingerprint: repeats update it; a new alert (sequence + 1) opens only after the previous
 *       one closed (resolved, or cleared and acknowledged);
 *   <li>held back (not announced, not escalated): shelved, suppressed (silence, asset under maintenance or out of
 *       service, inhibited by the whole asset's alert), chattering, within the fleeting hold;
 *   <li>repeats re-notify only when the band rises or after the re-notify interval; unacknowledged alerts escalate.
 * </ul>
 */
public final class AlertLifecycle {
    private final LifecycleSettings settings;
    private final CommandRules commands;
    private final Supplier<List<String>> escalation;

    /** With the settings' escalation list, fixed. */
    public AlertLifecycle(LifecycleSettings settings) {
        this(settings, settings::escalation);
    }

    /**
     * @param escalation the plant's escalation list in force, read at each decision (the service's follows the
     *                   preferences file as it is reloaded; thread-safe, since the reload runs on its own thread)
     */
    public AlertLifecycle(LifecycleSettings settings, Supplier<List<String>> escalation) {
        this.settings = settings;
        this.commands = new CommandRules(settings);
        this.escalation = escalation;
    }

    /** The escalation list in force. */
    public List<String> escalation() {
        return escalation.get();
    }

    public LifecycleSettings settings() {
        return settings;
    }

    /** A candidate from inference for this alert's fingerprint ({@code before} null when there is none yet). */
    public Step onCandidate(AlertState before, Candidate c, Instant now, Surroundings env) {
        if (quietRepeat(before, c, now, env)) return Step.unchanged(before);
        if (before == null || before.closed()) {
            if (!c.holds()) return Step.unchanged(before); // a clear of nothing open
            List<Instant> activations = recent(before == null ? List.of() : before.activations(), c.occurredAt());
            activations.add(c.occurredAt());
            Changes ch = new Changes(new AlertDraft(c, before == null ? 1 : before.sequence() + 1, activations, now));
            ch.draft.note(
                    "raised",
                    LifecycleSettings.INFERENCE,
                    c.occurredAt(),
                    c.facts().title());
            chatter(ch, c.occurredAt(), now);
            settle(ch, now, env);
            return ch.step(before);
        }
        Changes ch = new Changes(new AlertDraft(before));
        AlertDraft d = ch.draft;
        boolean repeat = c.holds() && d.active;
        if (c.holds()) {
            SeverityBand was = SeverityBand.of(d.severity);
            d.severity = c.severity();
            d.facts = c.facts();
            d.lastActiveAt = c.occurredAt();
            if (!d.active) { // cleared but unacknowledged, now active again: one more cycle of the same alert
                d.active = true;
                d.clearedAt = null;
                d.activations = recent(d.activations, c.occurredAt());
                d.activations.add(c.occurredAt());
                d.note("reactivated", LifecycleSettings.INFERENCE, c.occurredAt(), null);
                chatter(ch, c.occurredAt(), now);
                if (d.announcedAt != null && !d.heldBack()) notify(ch, Transition.RAISED, c.occurredAt(), now);
            } else if (d.announcedAt != null && !d.heldBack() && !d.acknowledged) {
                boolean rose = SeverityBand.of(d.severity).compareTo(was) > 0;
                boolean due = !settings.renotifyInterval().isZero()
                        && !now.isBefore(d.lastNotifiedAt.plus(settings.renotifyInterval()));
                if (rose || due) notify(ch, Transition.UPDATED, c.occurredAt(), now);
            }
        } else if (d.active) {
            d.active = false;
            d.clearedAt = c.occurredAt();
            d.note("cleared", LifecycleSettings.INFERENCE, c.occurredAt(), null);
            chatter(ch, c.occurredAt(), now);
            if (d.announcedAt == null) {
                // nobody was told, so nobody has to acknowledge: it closes; within the hold it was fleeting
                boolean onlyTheHold = d.shelving == null && d.suppressedBy.isEmpty() && !d.chattering;
                if (onlyTheHold && now.isBefore(d.receivedAt.plus(settings.fleetingHold()))) d.fleeting = true;
                d.acknowledged = true;
                d.closedAt = now;
                d.note(d.fleeting ? "closed-fleeting" : "closed-unannounced", LifecycleSettings.SYSTEM, now, null);
            } else {
                if (!d.heldBack()) ch.emit(Transition.CLEARED, LifecycleSettings.INFERENCE, c.occurredAt(), null);
                if (d.acknowledged) {
                    d.closedAt = now;
                    ch.emit(Transition.CLOSED, LifecycleSettings.INFERENCE, c.occurredAt(), null);
                }
            }
        } else {
            return Step.unchanged(before); // a repeated clear
        }
        settle(ch, now, env);
        Step step = ch.step(before);
        return repeat && factRefreshWithinInterval(before, step, c) ? Step.unchanged(before) : step;
    }

    /**
     * The common case, decided before any rule runs: a repeat of an active alert, in its band, within
     * {@code stateRefresh} of the last written one, with no re-notification or timer due and its suppression as
     * stored. Every rule would change only its facts, severity and last active time, which such a repeat does not
     * write ({@link #factRefreshWithinInterval} decides the same after the rules for the rarer cases).
     */
    private boolean quietRepeat(AlertState before, Candidate c, Instant now, Surroundings env) {
        if (settings.stateRefresh().isZero() || before == null || before.closed() || !before.active() || !c.holds()) {
            return false;
        }
        if (SeverityBand.of(c.severity()) != before.band() || before.lastActiveAt() == null) return false;
        if (!c.occurredAt().isBefore(before.lastActiveAt().plus(settings.stateRefresh()))) return false;
        if (before.lastNotifiedAt() != null
                && !settings.renotifyInterval().isZero()
                && !now.isBefore(before.lastNotifiedAt().plus(settings.renotifyInterval()))) {
            return false;
        }
        Instant timer = nextTimer(before, null);
        if (timer != null && !now.isBefore(timer)) return false;
        AlertState b = before;
        return env.suppressedBy(
                        new AlertKey(b.plant(), b.asset(), b.assetType(), b.kind(), b.failureMode(), c.severity()), now)
                .equals(b.suppressedBy());
    }

    /**
     * True when a repeat of an active alert changed nothing but its facts, its severity within the band and its last
     * active time, and came within {@code stateRefresh} (event time) of the last written one: nothing a consumer of
     * the state acts on, so it is neither stored nor published (alerting/README.md, "Repeats"). Decided from the
     * stored state and the input alone, so a replay decides the same.
     */
    private boolean factRefreshWithinInterval(AlertState before, Step step, Candidate c) {
        if (settings.stateRefresh().isZero() || step.purged() || !step.events().isEmpty()) return false;
        AlertState after = step.state();
        if (before.lastActiveAt() == null || after.band() != before.band()) return false;
        if (!c.occurredAt().isBefore(before.lastActiveAt().plus(settings.stateRefresh()))) return false;
        AlertDraft same = new AlertDraft(before);
        same.severity = after.severity();
        same.facts = after.facts();
        same.lastActiveAt = after.lastActiveAt();
        return same.toState().equals(after);
    }

    /** A command on one alert; throws {@link Rejected} with the reason when it cannot apply. */
    public Step onCommand(AlertState before, AlertCommand.OnAlert cmd, Instant now, Surroundings env) throws Rejected {
        if (before == null) {
            throw new Rejected(RejectReason.UNKNOWN_ALERT, "no alert with fingerprint " + cmd.fingerprint());
        }
        if (!before.asset().equals(cmd.asset())) {
            throw new Rejected(
                    RejectReason.ASSET_MISMATCH,
                    "alert " + cmd.fingerprint() + " is on asset " + before.asset() + ", not " + cmd.asset());
        }
        if (before.recentCommands().contains(cmd.commandId())) return Step.unchanged(before); // applied already
        if (before.closed()) {
            throw new Rejected(
                    RejectReason.ALERT_CLOSED,
                    "alert " + cmd.fingerprint() + " #" + before.sequence() + " is closed (" + before.stateName()
                            + ")");
        }
        Changes ch = new Changes(new AlertDraft(before));
        ch.draft.recentCommands.add(cmd.commandId());
        if (ch.draft.recentCommands.size() > LifecycleSettings.MAX_RECENT_COMMANDS) ch.draft.recentCommands.remove(0);
        commands.apply(ch, cmd, now);
        settle(ch, now, env);
        return ch.step(before);
    }

    /**
     * Re-evaluates timers and surroundings (the wall-clock punctuator, and after a silence or an asset condition
     * changed): shelving expiry, suppression, announcement after the hold, escalation, purge after retention.
     */
    public Step settle(AlertState before, Instant now, Surroundings env) {
        Changes ch = new Changes(new AlertDraft(before));
        settle(ch, now, env);
        return ch.step(before);
    }

    /**
     * When this alert next needs {@link #settle} without any input (shelving ends, the hold ends, the next escalation,
     * the purge): the earliest such time after {@code after} (any, when null), or null. Silences starting or ending
     * and asset conditions are inputs of their own.
     */
    public Instant nextTimer(AlertState a, Instant after) {
        if (a.closed())
            return later(null, a.closedAt() == null ? null : a.closedAt().plus(settings.retention()), after);
        Instant next = later(null, a.shelving() == null ? null : a.shelving().until(), after);
        if (a.announcedAt() == null && a.active()) {
            next = later(next, a.receivedAt().plus(settings.fleetingHold()), after);
        }
        if (a.announcedAt() != null
                && a.active()
                && !a.acknowledged()
                && !settings.escalateAfter().isZero()
                && a.escalations() < escalation.get().size()) {
            next = later(
                    next, a.announcedAt().plus(settings.escalateAfter().multipliedBy(a.escalations() + 1L)), after);
        }
        return next;
    }

    /** The earlier of {@code best} and {@code t}, counting {@code t} only when it lies after {@code after}. */
    private static Instant later(Instant best, Instant t, Instant after) {
        if (t == null || (after != null && !t.isAfter(after))) return best;
        return best == null || t.isBefore(best) ? t : best;
    }

    private void settle(Changes ch, Instant now, Surroundings env) {
        AlertDraft d = ch.draft;
        if (d.closed()) {
            if (d.closedAt != null && !now.isBefore(d.closedAt.plus(settings.retention()))) ch.purge();
            return;
        }
        if (d.shelving != null && !now.isBefore(d.shelving.until())) {
            d.shelving = null;
            d.note("unshelved", LifecycleSettings.SYSTEM, now, "shelving time over");
            ch.emit(Transition.UNSHELVED, LifecycleSettings.SYSTEM, now, "shelving time over");
        }
        List<String> reasons =
                env.suppressedBy(new AlertKey(d.plant, d.asset, d.assetType, d.kind, d.failureMode, d.severity), now);
        if (!reasons.equals(d.suppressedBy)) {
            boolean was = !d.suppressedBy.isEmpty();
            d.suppressedBy = new ArrayList<>(reasons);
            String why = String.join(", ", reasons);
            if (!was) d.note("suppressed", LifecycleSettings.SYSTEM, now, why);
            if (reasons.isEmpty()) d.note("unsuppressed", LifecycleSettings.SYSTEM, now, null);
            if (d.announcedAt != null && !was) ch.emit(Transition.SUPPRESSED, LifecycleSettings.SYSTEM, now, why);
            if (d.announcedAt != null && reasons.isEmpty()) {
                ch.emit(Transition.UNSUPPRESSED, LifecycleSettings.SYSTEM, now, null);
            }
        }
        if (d.announcedAt == null
                && d.active
                && !d.heldBack()
                && !now.isBefore(d.receivedAt.plus(settings.fleetingHold()))) {
            d.announcedAt = now;
            notify(ch, Transition.RAISED, now, now);
        }
        List<String> people = escalation.get();
        if (d.announcedAt != null
                && d.active
                && !d.acknowledged
                && !d.heldBack()
                && !settings.escalateAfter().isZero()
                && d.escalations < people.size()
                && !now.isBefore(d.announcedAt.plus(settings.escalateAfter().multipliedBy(d.escalations + 1L)))) {
            String to = people.get(d.escalations);
            d.escalations++;
            d.escalatedTo = to;
            d.note("escalated", LifecycleSettings.SYSTEM, now, to);
            ch.emit(Transition.ESCALATED, LifecycleSettings.SYSTEM, now, "unacknowledged; escalated to " + to, to);
        }
    }

    private void notify(Changes ch, Transition type, Instant at, Instant now) {
        ch.draft.lastNotifiedAt = now;
        ch.emit(type, type == Transition.RAISED ? LifecycleSettings.SYSTEM : LifecycleSettings.INFERENCE, at, null);
    }

    /**
     * Chattering (ISA-18.2): at least {@code chatterCycles} activate/clear cycles within the window, counted in event
     * time; it ends when an activation finds fewer in the window.
     */
    private void chatter(Changes ch, Instant t, Instant now) {
        AlertDraft d = ch.draft;
        d.activations = recent(d.activations, t);
        int cycles = d.activations.size() - (d.active ? 1 : 0);
        if (!d.chattering && cycles >= settings.chatterCycles()) {
            d.chattering = true;
            String why = cycles + " activate/clear cycles within "
                    + settings.chatterWindow().toSeconds() + " s";
            d.note("chattering", LifecycleSettings.SYSTEM, now, why);
            ch.emit(Transition.CHATTERING, LifecycleSettings.SYSTEM, t, why);
        } else if (d.chattering && d.active && cycles < settings.chatterCycles() - 1) {
            d.chattering = false;
            d.note("calm", LifecycleSettings.SYSTEM, now, null);
        }
    }

    /** The activations within the chatter window before {@code t}. */
    private List<Instant> recent(List<Instant> activations, Instant t) {
        Instant from = t.minus(settings.chatterWindow());
        List<Instant> out = new ArrayList<>();
        for (Instant a : activations) if (a.isAfter(from)) out.add(a);
        return out;
    }
}
