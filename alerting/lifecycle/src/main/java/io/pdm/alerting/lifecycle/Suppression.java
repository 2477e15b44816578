package io.pdm.alerting.lifecycle;

import io.pdm.schemas.alerting.AlertState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Why an alert is suppressed, from what the topology's stores hold:
 *
 * <ul>
 *   <li>{@code out-of-service}: its asset is out of service (or offline): every alert of it;
 *   <li>{@code maintenance}: its asset is under maintenance: its degradation alerts (every kind but
 *       {@code CONDITION_LIMIT}, since a reading past an absolute limit is worth seeing even then);
 *   <li>{@code silence:ID}: a silence in force selects it;
 *   <li>{@code inhibited-by:FP}: the alert of the same kind on the whole asset is open and active, and this alert is
 *       about one of its parts. The alert contract names no parent asset, so "part" comes from the asset type: an
 *       alert whose failure mode is one of the type's failure modes (which name the components they affect) is an
 *       alert on those parts; the whole asset's alert is the one with failure mode {@code unspecified}.
 * </ul>
 *
 * <p>Not thread-safe: one per task (the task's processor thread).
 */
public final class Suppression implements Surroundings {
    public static final String OUT_OF_SERVICE = "out-of-service";
    public static final String MAINTENANCE = "maintenance";
    /** Kinds that describe degradation; maintenance inhibits these. */
    static final Set<String> DEGRADATION = Set.of("REMAINING_LIFE_LOW", "HEALTH_STAGE", "CONDITION_CHANGE");

    private final Function<String, AssetCondition> conditions;
    private final Collection<Silence> silences;
    private final Function<String, AlertState> alerts;
    private final BiPredicate<String, String> isPartMode;
    /**
     * Whole-asset fingerprints by plant, asset and kind: a SHA-256 per candidate showed in the bench's profile, and so
     * did building a text key for this map per candidate (a record key hashes the strings' cached hashes).
     */
    private final Map<ParentKey, String> parents = new HashMap<>();

    private record ParentKey(String plant, String asset, String kind) {}

    /**
     * The answers given since the last change of what they read, by key (severity 0 while no silence looks at it): a
     * repeat asks again for every candidate, and recomputing was the largest part of the rules in the bench's
     * profile. Valid while no silence, asset condition or whole-asset alert asked about changed ({@link #changed},
     * {@link #alertWritten}) and {@code now} stays within the window in which no silence starts or ends. Memory
     * only: after a restart it starts empty, and every answer is what {@link #compute} gives.
     */
    private final Map<AlertKey, List<String>> remembered = new HashMap<>();
    /** The fingerprints of whole-asset alerts asked about: a change of one of them may change a remembered answer. */
    private final Set<String> parentFingerprints = new HashSet<>();

    private final boolean remember;
    /** The window of {@code now} in which the silences in force stay the same ({@code until} null: no end). */
    private Instant from, until;
    /** A silence selects by severity: the severity is part of the key. */
    private boolean bySeverity;

    static final int MAX_REMEMBERED = 100_000;

    /**
     * @param conditions asset → its condition (null when normal)
     * @param silences   the silences known now
     * @param alerts     fingerprint → alert (null when none)
     * @param isPartMode (asset type, failure mode) → whether the mode is one of the type's, i.e. about its parts
     */
    public Suppression(
            Function<String, AssetCondition> conditions,
            Collection<Silence> silences,
            Function<String, AlertState> alerts,
            BiPredicate<String, String> isPartMode) {
        this(conditions, silences, alerts, isPartMode, true);
    }

    /** @param remember false: every answer computed afresh (the reference the replay tests compare with) */
    public Suppression(
            Function<String, AssetCondition> conditions,
            Collection<Silence> silences,
            Function<String, AlertState> alerts,
            BiPredicate<String, String> isPartMode,
            boolean remember) {
        this.conditions = conditions;
        this.silences = silences;
        this.alerts = alerts;
        this.isPartMode = isPartMode;
        this.remember = remember;
    }

    /** The caller changed the silences or an asset's condition: every remembered answer is forgotten. */
    public void changed() {
        from = null;
    }

    /** The caller wrote or deleted an alert: answers that asked about it as a whole-asset alert are forgotten. */
    public void alertWritten(String fingerprint) {
        if (parentFingerprints.contains(fingerprint)) changed();
    }

    @Override
    public List<String> suppressedBy(AlertKey a, Instant now) {
        if (!remember) return compute(a, now);
        if (from == null || now.isBefore(from) || (until != null && !now.isBefore(until))) window(now);
        AlertKey key = bySeverity ? a : new AlertKey(a.plant(), a.asset(), a.assetType(), a.kind(), a.failureMode(), 0);
        List<String> answer = remembered.get(key);
        if (answer == null) {
            if (remembered.size() >= MAX_REMEMBERED) remembered.clear();
            answer = List.copyOf(compute(a, now));
            remembered.put(key, answer);
        }
        return answer;
    }

    /**
     * Starts a window at {@code now}: until the next start or end of a silence, the silences in force are the ones in
     * force now (a silence is in force in [start, end)), so an answer depends on nothing else that moves with time.
     */
    private void window(Instant now) {
        remembered.clear();
        from = now;
        until = null;
        bySeverity = false;
        for (Silence s : silences) {
            for (Instant t : new Instant[] {s.start(), s.end()}) {
                if (t.isAfter(now) && (until == null || t.isBefore(until))) until = t;
            }
            bySeverity |= s.matchers().minSeverity() != null || s.matchers().maxSeverity() != null;
        }
    }

    private List<String> compute(AlertKey a, Instant now) {
        List<String> out = new ArrayList<>(2);
        AssetCondition c = conditions.apply(a.asset());
        if (c != null && c.outOfService() != null) out.add(OUT_OF_SERVICE);
        if (c != null && c.maintenance() != null && DEGRADATION.contains(a.kind())) out.add(MAINTENANCE);
        for (Silence s : silences) {
            if (!now.isBefore(s.start())
                    && now.isBefore(s.end())
                    && s.matchers().matches(a.plant(), a.asset(), a.kind(), a.severity())) {
                out.add("silence:" + s.id());
            }
        }
        if (a.failureMode() != null
                && !Fingerprints.WHOLE_ASSET.equals(a.failureMode())
                && isPartMode.test(a.assetType(), a.failureMode())) {
            String parent = parents.computeIfAbsent(new ParentKey(a.plant(), a.asset(), a.kind()), k -> {
                String fp = Fingerprints.of(k.plant(), k.asset(), k.kind(), Fingerprints.WHOLE_ASSET);
                parentFingerprints.add(fp);
                return fp;
            });
            AlertState p = alerts.apply(parent);
            if (p != null && p.active() && !p.closed()) out.add("inhibited-by:" + parent);
        }
        return out;
    }
}
