package io.pdm.inference.policy;

import io.pdm.inference.condition.ConditionFinding;
import io.pdm.inference.facts.FactNumbers;
import io.pdm.inference.policy.AlertCandidate.State;
import io.pdm.model.data.HealthStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one asset's predictions and condition findings into alert state changes, with on-delay (k
 * consecutive steps before raising) and hysteresis (remaining life clears only above threshold + margin;
 * condition limits clear below their boundary by the limit's margin, in the watch; then clearDelay steps),
 * so a noisy estimate near a threshold does not flap. One instance per asset, fed in time order; not
 * thread-safe.
 *
 * <p>Remaining-life and stage alerts carry the likeliest failure mode at the moment they are raised and
 * keep it until they clear. Condition alerts are per channel.
 *
 * <p>A prediction from fewer real steps than {@link PolicySettings#minHistorySteps()} (a new, replaced or repaired
 * asset whose model window is mostly padding) neither raises nor clears a remaining-life or stage alert; condition
 * alerts protect the asset meanwhile. {@link #restart} begins a new machine's predictive tracks after a repair.
 */
public final class AlertPolicy {
    private final String plant;
    private final String asset;
    private final PolicySettings settings;
    private Track remainingLife = new Track();
    private Track stage = new Track();
    /** The newest estimate given, for a restart's clearing candidates when the restoring step is not scored. */
    private RemainingLifePrediction lastPrediction;

    private final Map<String, Track> limits = new HashMap<>();
    private final Map<String, Track> changes = new HashMap<>();

    public AlertPolicy(String plant, String asset, PolicySettings settings) {
        this.plant = Objects.requireNonNull(plant, "plant");
        this.asset = Objects.requireNonNull(asset, "asset");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** One remaining-life prediction from a history long enough for any rule (tests, on-demand windows). */
    public List<AlertCandidate> onPrediction(RemainingLifePrediction p) {
        return onPrediction(p, Integer.MAX_VALUE);
    }

    /**
     * One remaining-life prediction; returns the state changes it causes (often none).
     *
     * @param history real steps of the asset behind it (since it was new or last restored, not padding)
     */
    public List<AlertCandidate> onPrediction(RemainingLifePrediction p, int history) {
        lastPrediction = p;
        List<AlertCandidate> out = new ArrayList<>(2);
        double threshold = settings.rulThreshold();
        // too short a history: the estimate is published, but trusted neither to raise nor to clear
        boolean trusted = history >= settings.minHistorySteps();
        boolean sure = trusted && p.upper() < settings.upperBelow(); // +∞ by default: the estimate alone decides
        boolean low = p.rul() < threshold && sure;
        boolean recovered = trusted && p.rul() > threshold + settings.rulClearMargin();
        int rulSeverity = Severity.remainingLife(p.lower(), threshold);
        // the fact sheets' number format: "0.404 hours [0, 1.12]", never a rounded "0 hours [0, 1]"
        String rulReason = String.format(
                Locale.ROOT,
                "remaining life %s %s [%s, %s] is %s the threshold of %s",
                FactNumbers.format(p.rul()),
                p.unit().plural(),
                FactNumbers.format(p.lower()),
                FactNumbers.format(p.upper()),
                low ? "below" : "above",
                FactNumbers.format(threshold));
        emit(
                out,
                remainingLife,
                AlertKind.REMAINING_LIFE_LOW,
                low,
                recovered,
                rulSeverity,
                p,
                List.of(),
                p.time(),
                rulReason);
        boolean unhealthy = p.stage() != HealthStage.HEALTHY;
        boolean agreed = unhealthy && p.rul() < settings.stageAgreeBelow() && sure;
        String stageReason = "health stage is " + p.stage().name().toLowerCase(Locale.ROOT);
        emit(
                out,
                stage,
                AlertKind.HEALTH_STAGE,
                agreed,
                trusted && !unhealthy,
                Severity.stage(p.stage()),
                p,
                List.of(),
                p.time(),
                stageReason);
        return List.copyOf(out);
    }

    /**
     * The asset was restored (replaced or repaired): the failed machine's estimates must not count for the new one, so
     * its remaining-life and stage tracks start again. An open one is cleared now (with {@code reason}), not left
     * open forever. Condition tracks go on: a channel still past its limit on the new machine is still an alarm.
     */
    public List<AlertCandidate> restart(Instant time, String reason) {
        return restart(time, reason, null);
    }

    /**
     * As {@link #restart(Instant, String)}; a cleared alert carries {@code latest} (the restored machine's first
     * estimate) or, when that step was not scored, the last estimate this policy saw: a remaining-life alert's fact
     * sheet and text always have an estimate to state.
     */
    public List<AlertCandidate> restart(Instant time, String reason, RemainingLifePrediction latest) {
        RemainingLifePrediction p = latest != null ? latest : lastPrediction;
        List<AlertCandidate> out = new ArrayList<>(2);
        cleared(out, remainingLife, AlertKind.REMAINING_LIFE_LOW, time, reason, p);
        cleared(out, stage, AlertKind.HEALTH_STAGE, time, reason, p);
        remainingLife = new Track();
        stage = new Track();
        return List.copyOf(out);
    }

    private void cleared(
            List<AlertCandidate> out,
            Track track,
            AlertKind kind,
            Instant time,
            String reason,
            RemainingLifePrediction p) {
        if (!track.active()) return;
        out.add(candidate(track, kind, State.CLEARED, time, p, List.of(), reason));
    }

    private AlertCandidate candidate(
            Track track,
            AlertKind kind,
            State state,
            Instant time,
            RemainingLifePrediction p,
            List<ConditionFinding> findings,
            String reason) {
        String mode = track.failureMode();
        return new AlertCandidate(
                Fingerprint.of(plant, asset, kind, mode),
                plant,
                asset,
                kind,
                mode,
                state,
                track.severity(),
                time,
                p,
                findings,
                reason);
    }

    /** One condition-watch window of an asset no remaining-life model scores (see the four-argument form). */
    public List<AlertCandidate> onCondition(Instant time, Set<String> observed, List<ConditionFinding> findings) {
        return onCondition(time, observed, findings, false);
    }

    /**
     * One condition-watch window: {@code observed} are the channels that had a value in it (a channel
     * that did not report neither raises nor clears), {@code findings} what the watch found, {@code scored} whether
     * a remaining-life model scores this step (then a CHANGE raises only under {@link
     * PolicySettings.ChangeAlerts#ALWAYS}; an open one still clears).
     */
    public List<AlertCandidate> onCondition(
            Instant time, Set<String> observed, List<ConditionFinding> findings, boolean scored) {
        boolean changesRaise = !scored || settings.changeAlerts() == PolicySettings.ChangeAlerts.ALWAYS;
        Map<String, ConditionFinding> limitBy = new TreeMap<>();
        Map<String, ConditionFinding> changeBy = new TreeMap<>();
        for (ConditionFinding f : findings) {
            if (!f.asset().equals(asset)) {
                throw new IllegalArgumentException("finding for " + f.asset() + " given to the policy of " + asset);
            }
            (f.kind() == ConditionFinding.Kind.LIMIT ? limitBy : changeBy).put(f.channel(), f);
        }
        List<AlertCandidate> out = new ArrayList<>();
        for (String channel : new java.util.TreeSet<>(observed)) {
            ConditionFinding limit = limitBy.get(channel);
            Track lt = limit != null ? limits.computeIfAbsent(channel, c -> new Track()) : limits.get(channel);
            if (lt != null) {
                int sev = limit != null ? Severity.limit(limit.zonesPastAlert()) : lt.severity();
                String reason = limit != null
                        ? channel + " is in zone " + limit.zone() + " of " + limit.standard()
                        : channel + " is back below its limit";
                emit(
                        out,
                        lt,
                        AlertKind.CONDITION_LIMIT,
                        limit != null,
                        limit == null,
                        sev,
                        null,
                        limit == null ? List.of() : List.of(limit),
                        time,
                        reason,
                        "channel:" + channel);
            }
            ConditionFinding change = changeBy.get(channel);
            // a suppressed change opens no alert, and holds an open one (it has not gone back to its baseline)
            boolean raiseChange = change != null && changesRaise;
            Track ct = raiseChange ? changes.computeIfAbsent(channel, c -> new Track()) : changes.get(channel);
            if (ct != null) {
                int sev = change != null ? Severity.change(change) : ct.severity();
                String reason = change != null
                        ? channel + " moved " + change.direction().name().toLowerCase(Locale.ROOT)
                                + " from its baseline"
                        : channel + " is back at its baseline";
                emit(
                        out,
                        ct,
                        AlertKind.CONDITION_CHANGE,
                        raiseChange,
                        change == null,
                        sev,
                        null,
                        change == null ? List.of() : List.of(change),
                        time,
                        reason,
                        "channel:" + channel);
            }
        }
        return List.copyOf(out);
    }

    private void emit(
            List<AlertCandidate> out,
            Track track,
            AlertKind kind,
            boolean raise,
            boolean clear,
            int severity,
            RemainingLifePrediction p,
            List<ConditionFinding> findings,
            Instant time,
            String reason) {
        emit(out, track, kind, raise, clear, severity, p, findings, time, reason, p.likeliestFailureMode());
    }

    private void emit(
            List<AlertCandidate> out,
            Track track,
            AlertKind kind,
            boolean raise,
            boolean clear,
            int severity,
            RemainingLifePrediction p,
            List<ConditionFinding> findings,
            Instant time,
            String reason,
            String modeCandidate) {
        Track.Change change = track.step(raise, clear, severity, modeCandidate, settings);
        if (change == Track.Change.NONE) {
            return;
        }
        State state = switch (change) {
            case RAISED -> State.RAISED;
            case UPDATED -> State.UPDATED;
            case CLEARED -> State.CLEARED;
            case NONE -> throw new IllegalStateException("unreachable");
        };
        out.add(candidate(track, kind, state, time, p, state == State.CLEARED ? List.of() : findings, reason));
    }
}
