package io.pdm.bench.inference;

import io.pdm.inference.facts.Citables;
import io.pdm.inference.facts.FactSheet;
import io.pdm.inference.writer.GroundingCheck;
import io.pdm.inference.writer.Violation;
import io.pdm.inference.writer.WrittenAlert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per writer, what the delivered texts claim: how many pass {@link GroundingCheck} against their own fact sheet, and
 * how many of their numbers the sheet supports. Numbers are counted the way the check reads them: log citations and
 * the sheet's identifiers (asset, channels, standards…) are removed first, a date or a time counts as one number,
 * every other run of digits as one; a number is unsupported when the check names it (NUMBER, UNIT or DATE).
 */
public final class TextTally {
    private static final Pattern CITATION = Pattern.compile("\\[[^\\[\\]]+]");
    private static final Pattern DATE_OR_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?Z?(?: UTC)?)?|\\d{1,2}:\\d{2}");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\p{L}\\d.])\\d+(?:\\.\\d+)?");

    private int texts, grounded, numbers, unsupported, fallbacks, recordedGrounded, firstWrite, afterRewrite;
    private final List<Double> writeMs = new ArrayList<>();
    private final Map<Violation.Kind, Integer> draftViolations = new TreeMap<>();

    /** Counts one delivered text, re-checked here against its sheet. */
    public synchronized void add(FactSheet sheet, WrittenAlert written) {
        String text = written.text();
        List<Violation> violations = GroundingCheck.check(text, sheet);
        texts++;
        if (written.fallback() != null) fallbacks++;
        // the configured writer's own text was delivered (no fallback): on its first attempt or after the rewrite
        if (written.fallback() == null) {
            if (written.attempts() == 1) firstWrite++;
            else afterRewrite++;
        }
        written.rejected().forEach(v -> draftViolations.merge(v.kind(), 1, Integer::sum));
        if (written.elapsed() != null) writeMs.add(written.elapsed().toNanos() / 1e6);
        if (written.grounded()) recordedGrounded++;
        if (violations.isEmpty()) grounded++;
        numbers += numbersIn(text, Citables.of(sheet));
        for (Violation v : violations) {
            if (v.kind() == Violation.Kind.NUMBER
                    || v.kind() == Violation.Kind.UNIT
                    || v.kind() == Violation.Kind.DATE) {
                unsupported++;
            }
        }
    }

    static int numbersIn(String text, Citables facts) {
        String rest = CITATION.matcher(text).replaceAll(" ");
        for (String id : facts.identifiers().stream()
                .sorted((a, b) -> b.length() - a.length())
                .toList()) {
            rest = Pattern.compile(
                            "(?<![\\p{L}\\d_])" + Pattern.quote(id) + "(?![\\p{L}\\d_])", Pattern.CASE_INSENSITIVE)
                    .matcher(rest)
                    .replaceAll(" ");
        }
        int count = 0;
        Matcher d = DATE_OR_TIME.matcher(rest);
        while (d.find()) count++;
        rest = d.replaceAll(" ");
        Matcher m = NUMBER.matcher(rest);
        while (m.find()) count++;
        return count;
    }

    public synchronized Summary summary() {
        return new Summary(
                texts,
                grounded,
                numbers,
                Math.max(0, numbers - unsupported),
                fallbacks,
                recordedGrounded,
                firstWrite,
                afterRewrite,
                percentile(writeMs, 0.5),
                percentile(writeMs, 0.99),
                Map.copyOf(draftViolations));
    }

    /** Nearest-rank percentile, NaN for none. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /**
     * @param supported numbers in the texts that the sheets support
     * @param fallbacks texts the template wrote because the configured writer's failed, was late or ungrounded
     * @param recordedGrounded texts whose alert records them as grounded (the pipeline's own verdict at write time)
     * @param firstWrite texts of the configured writer (the template too, when it is the one) that passed on its first
     *     attempt
     * @param afterRewrite texts of the configured writer that passed on the second attempt, after the rewrite
     * @param writeP50Ms median time to a delivered text (all attempts and any fallback), ms
     * @param writeP99Ms 99th percentile of that time, ms
     * @param draftViolations what the check found in rejected drafts, by kind
     */
    public record Summary(
            int texts,
            int grounded,
            int numbers,
            int supported,
            int fallbacks,
            int recordedGrounded,
            int firstWrite,
            int afterRewrite,
            double writeP50Ms,
            double writeP99Ms,
            Map<Violation.Kind, Integer> draftViolations) {
        public double groundedShare() {
            return texts == 0 ? Double.NaN : (double) grounded / texts;
        }

        public double supportedShare() {
            return numbers == 0 ? Double.NaN : (double) supported / numbers;
        }
    }
}
