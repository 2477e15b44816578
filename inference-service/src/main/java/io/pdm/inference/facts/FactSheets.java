package io.pdm.inference.facts;

import io.pdm.inference.condition.ConditionFinding;
import io.pdm.inference.policy.AlertCandidate;
import io.pdm.inference.policy.RemainingLifePrediction;
import io.pdm.model.text.AlertFacts.LifeUnit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the fact sheet of an alert candidate and the query that finds its similar past logs. */
public final class FactSheets {
    private FactSheets() {}

    /**
     * @param assetType  the asset's type name, e.g. "centrifugal-pump"
     * @param context    recent measurements worth citing (e.g. with trends); a finding's channel listed here
     *                   lends the finding its trend
     * @param last       the asset's last maintenance, null when none is known
     * @param similar    the k most similar past logs of the plant, most similar first
     */
    public static FactSheet of(
            AlertCandidate c,
            String assetType,
            List<Measurement> context,
            MaintenanceRecord last,
            List<MaintenanceRecord> similar) {
        Map<String, Measurement> byChannel = new LinkedHashMap<>();
        for (ConditionFinding f : c.findings()) {
            Measurement m = new Measurement(
                    f.channel(),
                    f.value(),
                    f.unit(),
                    f.time(),
                    Double.NaN,
                    f.baseline() == null ? Double.NaN : f.baseline().median(),
                    f.z(),
                    f.boundary(),
                    f.zone(),
                    f.standard());
            byChannel.put(f.channel(), m);
        }
        for (Measurement m : context) {
            Measurement found = byChannel.get(m.channel());
            byChannel.put(m.channel(), found == null ? m : found.withSlopePerHour(m.slopePerHour()));
        }
        RemainingLifePrediction p = c.prediction();
        RemainingLife life = p == null ? null : new RemainingLife(p.rul(), p.lower(), p.upper(), p.unit());
        return new FactSheet(
                c.plant(),
                c.asset(),
                assetType,
                c.time(),
                c.kind(),
                c.failureMode(),
                c.severity(),
                c.fingerprint().hash(),
                c.reason(),
                new ArrayList<>(byChannel.values()),
                life,
                p == null ? null : p.stage(),
                p == null ? Map.of() : p.failureModes(),
                actBy(c.time(), life, c.severity()),
                last,
                similar);
    }

    /**
     * The date to act by. With a remaining life in hours: the alert's time plus the interval's lower end
     * (the pessimistic estimate). Otherwise (cycles, or no model) by severity band: critical (≥ 800) the
     * next day, high (≥ 600) within 7 days, medium (≥ 400) within 30, else within 90. A project convention,
     * not a standard; the writers only repeat it.
     */
    public static LocalDate actBy(Instant time, RemainingLife life, int severity) {
        Instant due;
        if (life != null && life.unit() == LifeUnit.HOUR) {
            due = time.plus(Duration.ofMinutes(Math.round(Math.max(0, life.lower()) * 60)));
        } else {
            int days = severity >= 800 ? 1 : severity >= 600 ? 7 : severity >= 400 ? 30 : 90;
            due = time.plus(Duration.ofDays(days));
        }
        return due.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * The retrieval query for similar past logs: asset type, failure mode and the channels in plain words
     * with the direction of the problem, e.g. "centrifugal pump bearing vibration velocity rms high".
     */
    public static String query(AlertCandidate c, String assetType) {
        StringBuilder q = new StringBuilder(words(assetType));
        if (!c.failureMode().startsWith("channel:") && !c.failureMode().equals("unspecified")) {
            q.append(' ').append(words(c.failureMode()));
        }
        for (ConditionFinding f : c.findings()) {
            q.append(' ').append(words(f.channel()));
            boolean down = f.direction() == ConditionFinding.Direction.DOWN;
            q.append(down ? " low" : " high");
        }
        if (c.prediction() != null) {
            q.append(" wear failure");
        }
        return q.toString().strip();
    }

    private static String words(String name) {
        return name.replaceAll("[_\\-:/]+", " ").toLowerCase(Locale.ROOT).strip();
    }
}
