package io.pdm.inference.facts;

import io.pdm.model.text.MaintenanceCorpus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a text about a fact sheet may cite.
 *
 * @param quantities  every number of the sheet with its unit ("" for none); probabilities and similarities
 *                    also as percentages; numbers inside the logs' texts and ids, unitless
 * @param dates       the dates of every time and date in the sheet (UTC)
 * @param times       every time of the sheet, for "HH:mm" citations (UTC)
 * @param identifiers plant, asset, asset type, channels, standards, failure modes, fingerprint: removed from
 *                    a text before its numbers are checked, so "pump-07" is not the number 7
 * @param logIds      the ids a text may cite as {@code [id]}
 * @param parts       the parts ({@link Parts}) the sheet mentions anywhere
 * @param units       the units of the sheet's measurements (lower case), including those {@link Units} does not
 *                    list (an asset type may declare any unit, e.g. m3/h)
 */
public record Citables(
        List<Quantity> quantities,
        Set<LocalDate> dates,
        Set<Instant> times,
        Set<String> identifiers,
        Set<String> logIds,
        Set<String> parts,
        Set<String> units) {
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    /** A number and its normalised unit ({@link Units#normalise}), "" when unitless. */
    public record Quantity(double value, String unit) {}

    public Citables {
        quantities = List.copyOf(quantities);
        dates = Set.copyOf(dates);
        times = Set.copyOf(times);
        identifiers = Set.copyOf(identifiers);
        logIds = Set.copyOf(logIds);
        parts = Set.copyOf(parts);
        units = Set.copyOf(units);
    }

    public static Citables of(FactSheet s) {
        List<Quantity> q = new ArrayList<>();
        Set<LocalDate> dates = new LinkedHashSet<>();
        Set<Instant> times = new LinkedHashSet<>();
        Set<String> ids = new LinkedHashSet<>();
        Set<String> logIds = new LinkedHashSet<>(s.logIds());
        StringBuilder partText = new StringBuilder();
        for (String id : List.of(s.plant(), s.asset(), s.assetType(), s.failureMode(), s.fingerprint())) {
            ids.add(clean(id));
            partText.append(id).append(' ');
        }
        time(s.time(), dates, times);
        dates.add(s.actBy());
        q.add(new Quantity(s.severity(), ""));
        q.add(new Quantity(1000, ""));
        q.add(new Quantity(s.similarLogs().size(), ""));
        for (Measurement m : s.measurements()) {
            String unit = Units.normalise(m.unit());
            ids.add(clean(m.channel()));
            partText.append(m.channel()).append(' ');
            time(m.time(), dates, times);
            q.add(new Quantity(Math.abs(m.value()), unit));
            for (double v : new double[] {m.baseline(), m.limit()}) {
                if (Double.isFinite(v)) {
                    q.add(new Quantity(Math.abs(v), unit));
                }
            }
            if (Double.isFinite(m.slopePerHour())) {
                q.add(new Quantity(Math.abs(m.slopePerHour()), unit));
            }
            if (Double.isFinite(m.z())) {
                q.add(new Quantity(Math.abs(m.z()), ""));
            }
            if (m.standard() != null) {
                ids.add(clean(m.standard()));
                numbersIn(m.standard(), q);
            }
        }
        if (s.remainingLife() != null) {
            String unit = Units.normalise(s.remainingLife().unit().singular());
            for (double v : new double[] {
                s.remainingLife().predicted(),
                s.remainingLife().lower(),
                s.remainingLife().upper()
            }) {
                q.add(new Quantity(Math.abs(v), unit));
            }
        }
        s.failureModes().forEach((mode, p) -> {
            ids.add(clean(mode));
            partText.append(mode).append(' ');
            fraction(p, q);
        });
        List<MaintenanceRecord> logs = new ArrayList<>(s.similarLogs());
        if (s.lastMaintenance() != null) {
            logs.add(s.lastMaintenance());
        }
        for (MaintenanceRecord r : logs) {
            dates.add(r.date());
            ids.add(clean(r.asset()));
            partText.append(r.action()).append(' ').append(r.text()).append(' ');
            if (r.component() != null) {
                partText.append(r.component()).append(' ');
            }
            numbersIn(r.text(), q);
            numbersIn(r.id(), q);
            if (Double.isFinite(r.similarity())) {
                fraction(r.similarity(), q);
            }
        }
        ids.removeIf(String::isBlank);
        Set<String> units = new LinkedHashSet<>();
        for (Measurement m : s.measurements()) {
            if (!Units.dimensionless(m.unit())) units.add(m.unit().strip().toLowerCase(java.util.Locale.ROOT));
        }
        return new Citables(q, dates, times, ids, logIds, Parts.in(partText.toString()), units);
    }

    private static void time(Instant t, Set<LocalDate> dates, Set<Instant> times) {
        dates.add(t.atOffset(ZoneOffset.UTC).toLocalDate());
        times.add(t);
    }

    private static void fraction(double p, List<Quantity> q) {
        q.add(new Quantity(Math.abs(p), ""));
        q.add(new Quantity(Math.abs(p) * 100, "%"));
    }

    private static void numbersIn(String text, List<Quantity> q) {
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            q.add(new Quantity(Double.parseDouble(m.group()), ""));
        }
    }

    private static String clean(String text) {
        return MaintenanceCorpus.normalise(text);
    }
}
