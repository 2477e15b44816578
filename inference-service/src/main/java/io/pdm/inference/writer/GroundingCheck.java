package io.pdm.inference.writer;

import io.pdm.inference.facts.Citables;
import io.pdm.inference.facts.Citables.Quantity;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.facts.Parts;
import io.pdm.inference.facts.Units;
import io.pdm.inference.writer.Violation.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a text says nothing its fact sheet does not, and returns every violation (none = grounded):
 *
 * <ol>
 *   <li>log citations {@code [id]} must name a log of the sheet;
 *   <li>the sheet's identifiers (plant, asset, type, channels, standards…) are then blanked, so their digits
 *       are not taken for numbers; any other id-like token (letters and digits joined, e.g. "P-101", "CR871")
 *       is an unknown id;
 *   <li>dates ({@code 2026-03-02}, with an optional time) must be a date of the sheet, times its times (UTC);
 *   <li>each remaining number must equal a number of the sheet within the rounding of how it is written
 *       and within 10 % (4.8 and 5 match 4.83, 4.9 does not; 1 does not match 0.82, too coarse); a number
 *       followed by a unit must match a number with that unit (4.83 °C does not match 4.83 mm/s). Signs are
 *       ignored: "fell by 0.3" cites −0.3;
 *   <li>every part named ({@link Parts}) must be mentioned in the sheet.
 * </ol>
 */
public final class GroundingCheck {
    private static final Pattern CITATION = Pattern.compile("\\[([^\\[\\]]+)]");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(?<!\\d)(\\d{4}-\\d{2}-\\d{2})(?:[T ](\\d{2}:\\d{2})(?::\\d{2}(?:\\.\\d+)?)?Z?(?: UTC)?)?");
    private static final Pattern TIME = Pattern.compile("(?<![\\d:.])(\\d{1,2}:\\d{2})(?::\\d{2})?(?![\\d:])");
    /** Letters and digits in one token (P-101, CR871, pump_3): an identifier, not a number. */
    private static final Pattern ID_LIKE = Pattern.compile(
            "(?<![\\p{L}\\d_/-])(?=[\\p{L}\\d_/-]*\\p{L})(?=[\\p{L}\\d_/-]*\\d)[\\p{L}\\d][\\p{L}\\d_/-]*(?<![/-])");

    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\d.])(\\d+(?:\\.\\d+)?)");

    private GroundingCheck() {}

    public static List<Violation> check(String text, FactSheet sheet) {
        return check(text, Citables.of(sheet));
    }

    public static List<Violation> check(String text, Citables facts) {
        List<Violation> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            out.add(new Violation(Kind.EMPTY, "", "the text is empty"));
            return out;
        }
        String rest = citations(text, facts, out);
        rest = blankIdentifiers(rest, facts);
        rest = dates(rest, facts, out);
        rest = ids(rest, facts, out);
        numbers(rest, facts, out);
        Set<String> parts = new LinkedHashSet<>(Parts.in(text.replaceAll(CITATION.pattern(), " ")));
        parts.removeAll(facts.parts());
        parts.forEach(p -> out.add(new Violation(Kind.PART, p, "no such part in the facts")));
        return List.copyOf(out);
    }

    /** The log ids a text cites, in order, each once. */
    public static List<String> citedLogIds(String text) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = CITATION.matcher(text);
        while (m.find()) {
            ids.add(m.group(1).strip());
        }
        return List.copyOf(ids);
    }

    private static String citations(String text, Citables facts, List<Violation> out) {
        Matcher m = CITATION.matcher(text);
        while (m.find()) {
            String id = m.group(1).strip();
            if (!facts.logIds().contains(id)) {
                out.add(new Violation(Kind.LOG_ID, "[" + id + "]", "no log with this id in the facts"));
            }
        }
        return m.replaceAll(" ");
    }

    private static String blankIdentifiers(String text, Citables facts) {
        String rest = text;
        List<String> ids = facts.identifiers().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        for (String id : ids) {
            rest = Pattern.compile(
                            "(?<![\\p{L}\\d_])" + Pattern.quote(id) + "(?![\\p{L}\\d_])", Pattern.CASE_INSENSITIVE)
                    .matcher(rest)
                    .replaceAll(" ");
        }
        return rest;
    }

    private static String dates(String text, Citables facts, List<Violation> out) {
        Set<LocalTime> times = new LinkedHashSet<>();
        for (Instant t : facts.times()) {
            times.add(t.atOffset(ZoneOffset.UTC).toLocalTime().withSecond(0).withNano(0));
        }
        Matcher m = DATE_TIME.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            try {
                LocalDate date = LocalDate.parse(m.group(1));
                if (!facts.dates().contains(date)) {
                    out.add(new Violation(Kind.DATE, m.group(), "no such date in the facts"));
                } else if (m.group(2) != null && !times.contains(LocalTime.parse(m.group(2)))) {
                    out.add(new Violation(Kind.DATE, m.group(), "no such time in the facts"));
                }
            } catch (DateTimeParseException e) {
                out.add(new Violation(Kind.DATE, m.group(), "not a valid date"));
            }
            m.appendReplacement(rest, " ");
        }
        m.appendTail(rest);
        Matcher t = TIME.matcher(rest.toString());
        StringBuilder rest2 = new StringBuilder();
        while (t.find()) {
            try {
                if (!times.contains(LocalTime.parse(pad(t.group(1))))) {
                    out.add(new Violation(Kind.DATE, t.group(), "no such time in the facts"));
                }
            } catch (DateTimeParseException e) {
                out.add(new Violation(Kind.DATE, t.group(), "not a valid time"));
            }
            t.appendReplacement(rest2, " ");
        }
        t.appendTail(rest2);
        return rest2.toString();
    }

    private static String ids(String text, Citables facts, List<Violation> out) {
        Matcher m = ID_LIKE.matcher(text);
        StringBuilder rest = new StringBuilder();
        while (m.find()) {
            String token = m.group();
            if (isQuantityWithUnit(token)
                    || Units.isUnit(token)
                    || facts.units().contains(token.toLowerCase(Locale.ROOT))) {
                m.appendReplacement(rest, Matcher.quoteReplacement(token));
                continue;
            }
            out.add(new Violation(Kind.ID, token, "no such asset, part or id in the facts"));
            m.appendReplacement(rest, " ");
        }
        m.appendTail(rest);
        return rest.toString();
    }

    /** "42h", "3g", "15%": a number glued to its unit is a quantity, not an identifier. */
    private static boolean isQuantityWithUnit(String token) {
        Matcher n = Pattern.compile("\\d+(?:\\.\\d+)?").matcher(token);
        return n.lookingAt()
                && Units.AFTER_NUMBER.matcher(token.substring(n.end())).matches();
    }

    private static void numbers(String text, Citables facts, List<Violation> out) {
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            String written = m.group(1);
            String unit = null;
            Matcher u = Units.AFTER_NUMBER.matcher(text);
            u.region(m.end(), text.length());
            String sheetUnit = sheetUnitAt(text, m.end(), facts);
            if (sheetUnit != null) {
                unit = Units.normalise(sheetUnit);
            } else if (u.lookingAt()) {
                unit = Units.normalise(u.group(1));
            }
            if (!grounded(written, unit, facts)) {
                String fragment = m.group(1) + (unit == null ? "" : " " + unit);
                out.add(new Violation(
                        unit == null ? Kind.NUMBER : Kind.UNIT,
                        fragment,
                        unit == null
                                ? "no such number in the facts"
                                : "no such number with unit " + unit + " in the facts"));
            }
        }
    }

    /** The longest of the sheet's units written right after a number (one optional space), else null. */
    private static String sheetUnitAt(String text, int from, Citables facts) {
        int start = from < text.length() && text.charAt(from) == ' ' ? from + 1 : from;
        String best = null;
        for (String unit : facts.units()) {
            int end = start + unit.length();
            if (end <= text.length()
                    && text.regionMatches(true, start, unit, 0, unit.length())
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))
                    && (best == null || unit.length() > best.length())) {
                best = unit;
            }
        }
        return best;
    }

    private static boolean grounded(String written, String unit, Citables facts) {
        BigDecimal value = new BigDecimal(written);
        double tolerance = 0.5 * Math.pow(10, -Math.max(0, value.scale())) + 1e-9;
        for (Quantity q : facts.quantities()) {
            boolean unitOk = unit == null || q.unit().equals(unit);
            double error = Math.abs(q.value() - value.doubleValue());
            if (unitOk && error <= tolerance && error <= 0.1 * Math.abs(q.value()) + 1e-9) {
                return true;
            }
        }
        return false;
    }

    private static String pad(String time) {
        return time.length() == 4 ? "0" + time : time.toLowerCase(Locale.ROOT);
    }
}
