package io.pdm.alerting.topology;

import io.pdm.alerting.lifecycle.AlertLifecycle;
import io.pdm.alerting.lifecycle.AssetCondition;
import io.pdm.alerting.lifecycle.Candidate;
import io.pdm.alerting.lifecycle.Emitted;
import io.pdm.alerting.lifecycle.Fingerprints;
import io.pdm.alerting.lifecycle.Rejected;
import io.pdm.alerting.lifecycle.Silence;
import io.pdm.alerting.lifecycle.Step;
import io.pdm.alerting.lifecycle.Suppression;
import io.pdm.schemas.Topics;
import io.pdm.schemas.alerting.AlertCommand;
import io.pdm.schemas.alerting.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The lifecycle in one task: the alerts of the task's assets (store {@code alerts}, key fingerprint), the silences
 * (every task holds all of them) and the asset conditions, the rules of {@link AlertLifecycle}, and a wall-clock
 * punctuator for what happens with no input (shelving expiry, hold, escalation, silences starting and ending, purge).
 * Each output goes straight to its topic's sink ({@link Wiring}): an event, a state (null: tombstone) or a dead letter.
 */
final class LifecycleProcessor implements Processor<String, Routed, String, byte[]> {
    private final String plant;
    private final AlertLifecycle lifecycle;
    private final AssetCatalogue catalogue;
    private final MaintenanceEvents events;
    private final CandidateReader candidates;
    private final CommandReader commands = new CommandReader();
    private final Map<String, Silence> silenceCache = new LinkedHashMap<>();
    /** The asset conditions (few: assets under maintenance or out of service), mirrored from their store. */
    private final Map<String, AssetCondition> conditions = new HashMap<>();
    /** Fingerprints of the open alerts (the ones silences and asset conditions can change), by asset. */
    private final Map<String, Set<String>> open = new LinkedHashMap<>();

    private final Timers timers = new Timers();
    private Instant lastTick;
    /** The escalation list the timers were computed with: a reloaded list reschedules every open alert. */
    private List<String> escalation;

    private ProcessorContext<String, byte[]> context;
    private AlertStates alerts;
    private KeyValueStore<String, Silence> silences;
    private KeyValueStore<String, AssetCondition> assets;
    private Suppression suppression;
    /** Without the shortcuts (suppression answers remembered, the sheet's fast check): the replay tests' reference. */
    private final boolean reference;

    LifecycleProcessor(String plant, AlertLifecycle lifecycle, AssetCatalogue catalogue) {
        this(plant, lifecycle, catalogue, false);
    }

    LifecycleProcessor(String plant, AlertLifecycle lifecycle, AssetCatalogue catalogue, boolean reference) {
        this.plant = plant;
        this.lifecycle = lifecycle;
        this.catalogue = catalogue;
        this.events = new MaintenanceEvents(plant, new WorkRequests(catalogue));
        this.candidates = new CandidateReader(plant, !reference);
        this.reference = reference;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        KeyValueStore<String, AlertState> alertStore = context.getStateStore(AlertingTopology.ALERTS);
        this.alerts = new AlertStates(alertStore);
        this.silences = context.getStateStore(AlertingTopology.SILENCES);
        this.assets = context.getStateStore(AlertingTopology.ASSETS);
        // init runs again when a task is revived after an aborted transaction, on stores restored to the last
        // commit: nothing held in memory from before may survive it
        silenceCache.clear();
        open.clear();
        timers.clear();
        try (KeyValueIterator<String, Silence> it = silences.all()) {
            it.forEachRemaining(kv -> silenceCache.put(kv.key, kv.value));
        }
        conditions.clear();
        try (KeyValueIterator<String, AssetCondition> it = assets.all()) {
            it.forEachRemaining(kv -> conditions.put(kv.key, kv.value));
        }
        this.suppression =
                new Suppression(conditions::get, silenceCache.values(), alerts::get, catalogue::isPartMode, !reference);
        try (KeyValueIterator<String, AlertState> it = alertStore.all()) {
            it.forEachRemaining(kv -> {
                alerts.remember(kv.value);
                track(kv.value, null);
            });
        }
        alerts.loaded();
        lastTick = Instant.ofEpochMilli(context.currentSystemTimeMs());
        escalation = lifecycle.escalation();
        context.schedule(lifecycle.settings().tick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, Routed> in) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Routed r = in.value();
        try {
            if (r.kind() == Routed.Kind.CANDIDATE) {
                Candidate c = r.candidate() != null ? r.candidate() : candidates.read(r.payload());
                Step step;
                try {
                    step = lifecycle.onCandidate(alerts.get(c.fingerprint()), c, now, suppression);
                } catch (Rejected.Late late) {
                    throw late.why(); // the rules are pure: nothing was written yet
                }
                apply(step, now);
                // the whole asset's alert may inhibit (or stop inhibiting) the alerts on its parts
                if (Fingerprints.WHOLE_ASSET.equals(c.failureMode())) {
                    resettle(openOf(c.asset()), a -> !a.fingerprint().equals(c.fingerprint()), now);
                }
            } else {
                command(commands.read(r.payload()), now);
            }
        } catch (Rejected why) {
            String source = r.kind() == Routed.Kind.CANDIDATE ? Topics.alerts(plant) : Topics.alertCommands(plant);
            byte[] letter = DeadLetters.encode(plant, r.asset(), source, why, r.payload(), now);
            context.forward(
                    new Record<>(r.asset(), letter, now.toEpochMilli(), DeadLetters.headers(source, why)),
                    Wiring.REJECTED);
        }
    }

    @Override
    public void close() {
        if (alerts != null) alerts.clear();
    }

    private void command(AlertCommand c, Instant now) throws Rejected {
        if (c instanceof AlertCommand.OnAlert a) {
            apply(lifecycle.onCommand(alerts.get(a.fingerprint()), a, now, suppression), now);
            return;
        }
        if (c instanceof AlertCommand.SilenceAdd s) {
            Silence silence = Silence.of(s);
            silences.put(silence.id(), silence);
            silenceCache.put(silence.id(), silence);
            suppression.changed();
        } else if (c instanceof AlertCommand.SilenceRemove s) {
            // unknown ids are ignored: every task gets every silence command, and a repeat must not fail
            silences.delete(s.silenceId());
            silenceCache.remove(s.silenceId());
            suppression.changed();
        } else {
            AssetCondition was = assets.get(c.asset());
            AssetCondition cond = conditionAfter(was == null ? AssetCondition.NORMAL : was, c);
            if (cond.normal()) {
                assets.delete(c.asset());
                conditions.remove(c.asset());
            } else {
                assets.put(c.asset(), cond);
                conditions.put(c.asset(), cond);
            }
            suppression.changed();
            resettle(openOf(c.asset()), a -> true, now);
            return;
        }
        resettle(allOpen(), a -> true, now);
    }

    private static AssetCondition conditionAfter(AssetCondition was, AlertCommand c) {
        if (c instanceof AlertCommand.OutOfService o) {
            return new AssetCondition(
                    was.maintenance(), new AlertState.Note("out-of-service", o.by(), o.at(), o.reason()));
        }
        if (c instanceof AlertCommand.InService) return new AssetCondition(was.maintenance(), null);
        if (c instanceof AlertCommand.MaintenanceStart m) {
            return new AssetCondition(
                    new AlertState.Note("maintenance", m.by(), m.at(), m.workOrder()), was.outOfService());
        }
        return new AssetCondition(null, was.outOfService()); // MaintenanceEnd
    }

    /**
     * The punctuator: alerts whose timer is due, and every open alert when a silence started or ended since the last
     * tick. Expired silences are forgotten.
     */
    private void tick(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs), since = lastTick;
        lastTick = now;
        boolean boundary = false;
        List<String> over = new ArrayList<>();
        for (Silence s : silenceCache.values()) {
            boundary |= crossed(s.start(), since, now) || crossed(s.end(), since, now);
            if (s.expired(now)) over.add(s.id());
        }
        for (String id : over) {
            silences.delete(id);
            silenceCache.remove(id);
            suppression.changed();
        }
        List<String> people = lifecycle.escalation();
        if (!people.equals(escalation)) {
            // a longer list gives exhausted alerts a next step; a shorter one ends steps: due times as at a restart
            escalation = people;
            for (String fp : allOpen()) {
                AlertState a = alerts.get(fp);
                if (a != null) timers.schedule(fp, lifecycle.nextTimer(a, null));
            }
        }
        for (String fp : timers.due(now)) {
            AlertState a = alerts.get(fp);
            if (a == null) continue;
            Step step = lifecycle.settle(a, now, suppression);
            apply(step, now);
            if (!step.purged()) track(step.state(), now); // also when nothing changed: its later timers stay
        }
        if (boundary) resettle(allOpen(), a -> true, now);
    }

    private static boolean crossed(Instant t, Instant since, Instant now) {
        return t.isAfter(since) && !t.isAfter(now);
    }

    /** Re-evaluates the selected open alerts ({@code fingerprints} a copy: applying changes the open set). */
    private void resettle(List<String> fingerprints, Predicate<AlertState> which, Instant now) {
        for (String fp : fingerprints) {
            AlertState a = alerts.get(fp);
            if (a != null && which.test(a)) apply(lifecycle.settle(a, now, suppression), now);
        }
    }

    private List<String> openOf(String asset) {
        Set<String> fps = open.get(asset);
        return fps == null ? List.of() : new ArrayList<>(fps);
    }

    private List<String> allOpen() {
        List<String> all = new ArrayList<>();
        for (Set<String> fps : open.values()) all.addAll(fps);
        return all;
    }

    private void close(String asset, String fingerprint) {
        Set<String> fps = open.get(asset);
        if (fps != null && fps.remove(fingerprint) && fps.isEmpty()) open.remove(asset);
    }

    /** Keeps the open set and the alert's timer in step with its state; {@code now} null when rebuilding. */
    private void track(AlertState s, Instant now) {
        if (s.closed()) close(s.asset(), s.fingerprint());
        else open.computeIfAbsent(s.asset(), k -> new LinkedHashSet<>()).add(s.fingerprint());
        // due times already past were handled by the settle that produced this state (or wait for an input); when
        // rebuilding, every due time counts, so what fell due while the task was down is settled on the first tick
        timers.schedule(s.fingerprint(), lifecycle.nextTimer(s, now));
    }

    private void apply(Step step, Instant now) {
        AlertState s = step.state();
        if (s == null) return;
        long ts = now.toEpochMilli();
        if (step.purged()) {
            alerts.delete(s.fingerprint());
            suppression.alertWritten(s.fingerprint());
            close(s.asset(), s.fingerprint());
            timers.schedule(s.fingerprint(), null);
            context.forward(new Record<>(s.fingerprint(), (byte[]) null, ts, new RecordHeaders()), Wiring.STATES);
            return;
        }
        if (step.changed()) {
            byte[] json = alerts.put(s); // the bytes the store wrote: one encoding for both
            suppression.alertWritten(s.fingerprint());
            track(s, now);
            context.forward(new Record<>(s.fingerprint(), json, ts, new RecordHeaders()), Wiring.STATES);
        }
        for (Emitted e : step.events()) {
            context.forward(
                    new Record<>(s.asset(), events.serialize(e), ts, MaintenanceEvents.headers()), Wiring.EVENTS);
        }
    }
}
