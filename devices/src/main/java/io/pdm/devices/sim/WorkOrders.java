package io.pdm.devices.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes maintenance-log entries in the terse style of real work orders ("replace DE brg, noisy").
 * The templates are our own; placeholders {a} asset, {t} bearing temperature, {v} vibration RMS,
 * {p} discharge pressure, {q} flow, {d} downtime hours.
 */
final class WorkOrders {
    record Entry(String action, String component, String text) {}

    /** Readings the technician would quote. */
    record Readings(String asset, double temperature, double vibRms, double pressure, double flow, double downHours) {}

    private static final List<String> TECHNICIANS = List.of(
            "jd",
            "mkr",
            "tbrown",
            "a.silva",
            "r.okafor",
            "lchen",
            "pm",
            "dkowalski",
            "s.ng",
            "hwalker",
            "fmeyer",
            "ja");

    private static final List<String> BEARING_PLANNED = List.of(
            "replace DE bearing on {a}, brg noisy, vib {v}g rms",
            "{a} DE brg rumbling + running hot {t}C - replaced brg, checked alignment",
            "change out pump bearings {a} - high vib found on route",
            "brg temp high {t}C on {a}. replaced DE/NDE brgs, regreased",
            "{a} noisy brg, replaced. coupling insert worn also replaced");
    private static final List<String> BEARING_FAILED = List.of(
            "{a} tripped on high vib. DE brg collapsed - replaced brg + lip seals",
            "breakdown: {a} seized, brg failed. replaced bearing assy, shaft ok",
            "{a} brg failure, pump down {d}h. new brgs fitted, aligned");
    private static final List<String> SEAL_PLANNED = List.of(
            "{a} mech seal leaking at gland, replaced seal",
            "low disch press {p} bar on {a}, found seal worn + wear ring, replaced",
            "{a} cavitating, cleaned suction strainer, replaced mech seal",
            "repair seal leak on {a} - new seal faces fitted",
            "{a} flow down to {q} m3/h, replaced mech seal + o-rings");
    private static final List<String> SEAL_FAILED = List.of(
            "{a} lost prime, no flow. mech seal failed - replaced",
            "breakdown: major seal leak on {a}, pump isolated. seal replaced",
            "{a} tripped on low press, seal blown. replaced seal + impeller wear ring");
    private static final List<String> INSPECT_OK = List.of(
            "routine insp {a}, no defects",
            "PM insp {a} - ok",
            "weekly insp done, nil faults",
            "{a} insp ok, running normal");
    private static final List<String> INSPECT_BEARING = List.of(
            "insp {a}: DE brg noisy, monitor",
            "{a} brg running warm {t}C - raise WO",
            "slight brg noise on {a}, recheck next round");
    private static final List<String> INSPECT_SEAL = List.of(
            "insp {a}: small drip at seal, monitor",
            "{a} seal weeping, raise WO for seal change",
            "disch press low on {a} ({p} bar), check seal");
    private static final List<String> LUBE =
            List.of("grease DE + NDE brgs {a}", "regrease pump brgs as per PM", "{a} lube round done, brgs greased");

    private WorkOrders() {}

    /** A crew of three technicians for one plant. */
    static List<String> crew(SplittableRandom rng) {
        int i = rng.nextInt(TECHNICIANS.size());
        return List.of(
                TECHNICIANS.get(i),
                TECHNICIANS.get((i + 4) % TECHNICIANS.size()),
                TECHNICIANS.get((i + 7) % TECHNICIANS.size()));
    }

    static Entry repair(SplittableRandom rng, FailureMode mode, boolean failed, FailureMode alsoFixed, Readings r) {
        List<String> pool = switch (mode) {
            case BEARING -> failed ? BEARING_FAILED : BEARING_PLANNED;
            case SEAL -> failed ? SEAL_FAILED : SEAL_PLANNED;
        };
        String text = fill(pick(rng, pool), r);
        if (alsoFixed != null)
            text += alsoFixed == FailureMode.SEAL
                    ? "; mech seal worn, replaced same time"
                    : "; brgs rough, replaced same time";
        String component = mode == FailureMode.BEARING ? "bearing" : "mechanical seal";
        // Seal jobs are often logged as repairs (faces re-lapped); failures and bearings are replacements.
        String action = !failed && mode == FailureMode.SEAL && rng.nextDouble() < 0.4 ? "REPAIR" : "REPLACEMENT";
        return new Entry(action, component, text);
    }

    /** What a walk-round notices depends on how far each mode has progressed. */
    static Entry inspection(SplittableRandom rng, boolean bearingNoticed, boolean sealNoticed, Readings r) {
        List<String> pool = bearingNoticed ? INSPECT_BEARING : sealNoticed ? INSPECT_SEAL : INSPECT_OK;
        return new Entry(
                "INSPECTION",
                bearingNoticed ? "bearing" : sealNoticed ? "mechanical seal" : "pump",
                fill(pick(rng, pool), r));
    }

    static Entry lubrication(SplittableRandom rng, Readings r) {
        return new Entry("LUBRICATION", "bearing", fill(pick(rng, LUBE), r));
    }

    private static String pick(SplittableRandom rng, List<String> pool) {
        return pool.get(rng.nextInt(pool.size()));
    }

    private static String fill(String template, Readings r) {
        Map<String, String> vars = Map.of(
                "{a}", r.asset(),
                "{t}", String.format(Locale.ROOT, "%.0f", r.temperature()),
                "{v}", String.format(Locale.ROOT, "%.2f", r.vibRms()),
                "{p}", String.format(Locale.ROOT, "%.1f", r.pressure()),
                "{q}", String.format(Locale.ROOT, "%.0f", r.flow()),
                "{d}", String.format(Locale.ROOT, "%.0f", r.downHours()));
        String s = template;
        for (Map.Entry<String, String> e : vars.entrySet()) s = s.replace(e.getKey(), e.getValue());
        return s;
    }
}
