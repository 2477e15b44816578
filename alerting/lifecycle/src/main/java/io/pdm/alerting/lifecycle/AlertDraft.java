package io.pdm.alerting.lifecycle;

import io.pdm.schemas.alerting.AlertFacts;
import io.pdm.schemas.alerting.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A mutable working copy of an {@link AlertState} while one input is applied: the rules change a few of its thirty
 * fields at a time, and a record with thirty components has no readable "with" for that. Never leaves this package.
 */
final class AlertDraft {
    String fingerprint;
    int sequence;
    String plant, asset, assetType, kind, failureMode;
    boolean active, acknowledged, confirmed, resolved;
    int severity;
    AlertState.Shelving shelving;
    List<String> suppressedBy;
    boolean chattering, fleeting;
    Instant announcedAt, raisedAt, lastActiveAt, clearedAt, closedAt, receivedAt, lastNotifiedAt;
    int escalations;
    String escalatedTo;
    int transitions;
    List<Instant> activations;
    AlertFacts facts;
    List<AlertState.Note> history;
    List<String> recentCommands;

    AlertDraft(AlertState s) {
        fingerprint = s.fingerprint();
        sequence = s.sequence();
        plant = s.plant();
        asset = s.asset();
        assetType = s.assetType();
        kind = s.kind();
        failureMode = s.failureMode();
        active = s.active();
        acknowledged = s.acknowledged();
        confirmed = s.confirmed();
        resolved = s.resolved();
        severity = s.severity();
        shelving = s.shelving();
        suppressedBy = new ArrayList<>(s.suppressedBy());
        chattering = s.chattering();
        fleeting = s.fleeting();
        announcedAt = s.announcedAt();
        raisedAt = s.raisedAt();
        lastActiveAt = s.lastActiveAt();
        clearedAt = s.clearedAt();
        closedAt = s.closedAt();
        receivedAt = s.receivedAt();
        lastNotifiedAt = s.lastNotifiedAt();
        escalations = s.escalations();
        escalatedTo = s.escalatedTo();
        transitions = s.transitions();
        activations = new ArrayList<>(s.activations());
        facts = s.facts();
        history = new ArrayList<>(s.history());
        recentCommands = new ArrayList<>(s.recentCommands());
    }

    /** A new alert of a fingerprint, raised by this candidate. */
    AlertDraft(Candidate c, int sequence, List<Instant> activations, Instant now) {
        fingerprint = c.fingerprint();
        this.sequence = sequence;
        plant = c.plant();
        asset = c.asset();
        assetType = c.assetType();
        kind = c.kind();
        failureMode = c.failureMode();
        active = true;
        severity = c.severity();
        suppressedBy = new ArrayList<>();
        raisedAt = c.occurredAt();
        lastActiveAt = c.occurredAt();
        receivedAt = now;
        this.activations = new ArrayList<>(activations);
        facts = c.facts();
        history = new ArrayList<>();
        recentCommands = new ArrayList<>();
    }

    boolean closed() {
        return resolved || (!active && acknowledged);
    }

    boolean heldBack() {
        return shelving != null || !suppressedBy.isEmpty() || chattering || fleeting;
    }

    void note(String action, String by, Instant at, String text) {
        history.add(new AlertState.Note(action, by, at, text));
        // the history is for people reading one alert; a chattering alert must not grow it without bound
        if (history.size() > LifecycleSettings.MAX_HISTORY) history.remove(0);
    }

    AlertState toState() {
        return new AlertState(
                fingerprint,
                sequence,
                plant,
                asset,
                assetType,
                kind,
                failureMode,
                active,
                acknowledged,
                confirmed,
                resolved,
                severity,
                shelving,
                suppressedBy,
                chattering,
                fleeting,
                announcedAt,
                raisedAt,
                lastActiveAt,
                clearedAt,
                closedAt,
                receivedAt,
                lastNotifiedAt,
                escalations,
                escalatedTo,
                transitions,
                activations,
                facts,
                history,
                recentCommands);
    }
}
