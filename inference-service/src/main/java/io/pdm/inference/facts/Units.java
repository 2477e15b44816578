package io.pdm.inference.facts;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Unit spellings a text may use after a number, folded to one name each, so "3 hours" and "3 h" cite the
 * same fact. Units not listed here are kept as written (lower case) when they come from a fact sheet.
 */
public final class Units {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("cycle", "cycle"),
            Map.entry("cycles", "cycle"),
            Map.entry("hour", "hour"),
            Map.entry("hours", "hour"),
            Map.entry("h", "hour"),
            Map.entry("hrs", "hour"),
            Map.entry("day", "day"),
            Map.entry("days", "day"),
            Map.entry("mm/s", "mm/s"),
            Map.entry("m/s²", "m/s²"),
            Map.entry("m/s2", "m/s²"),
            Map.entry("g", "g"),
            Map.entry("°c", "°c"),
            Map.entry("degc", "°c"),
            Map.entry("k", "k"),
            Map.entry("bar", "bar"),
            Map.entry("kpa", "kpa"),
            Map.entry("mpa", "mpa"),
            Map.entry("psi", "psi"),
            Map.entry("rpm", "rpm"),
            Map.entry("hz", "hz"),
            Map.entry("a", "a"),
            Map.entry("v", "v"),
            Map.entry("kw", "kw"),
            Map.entry("%", "%"),
            Map.entry("µm", "µm"),
            Map.entry("um", "µm"));

    /** Matches any listed unit right after a number (longest spellings first). */
    public static final Pattern AFTER_NUMBER = Pattern.compile(
            "\\s?(mm/s|m/s²|m/s2|°C|degC|kPa|MPa|psi|rpm|Hz|kW|µm|um|bar|cycles|cycle|hours|hour|hrs|days|day|%|g|K|A|V|h)(?![\\p{L}\\d/])",
            Pattern.CASE_INSENSITIVE);

    private Units() {}

    /** Whether a token is one of the listed unit spellings (e.g. "m/s2", which looks like an id). */
    public static boolean isUnit(String token) {
        return ALIASES.containsKey(token.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * A unit as text puts it after a number: " mm/s", or nothing for a dimensionless quantity (unit "1" or none),
     * so a text never reads "2.1 1".
     */
    public static String shown(String unit) {
        return unit == null || unit.isBlank() || unit.strip().equals("1") ? "" : " " + unit.strip();
    }

    /** Whether a unit is dimensionless ("1", or none). */
    public static boolean dimensionless(String unit) {
        return shown(unit).isEmpty();
    }

    public static String normalise(String unit) {
        String lower = unit.strip().toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(lower, lower);
    }
}
