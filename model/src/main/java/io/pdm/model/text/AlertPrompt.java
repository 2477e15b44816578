package io.pdm.model.text;

import io.pdm.model.text.AlertFacts.PastMaintenance;
import io.pdm.model.text.AlertFacts.RulEstimate;
import io.pdm.model.text.AlertFacts.SensorTrend;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@link AlertFacts} as the language model's input: one fact per line, {@code key: value},
 * then the cue line {@code Alert:} after which the model writes a one-line alert. The same facts always
 * give the same bytes (fixed order, {@link Locale#ROOT}, fixed rounding), and free text is flattened to
 * one line so that no value can break the format. Example:
 * <pre>
 * plant: plant-a
 * asset: engine-17
 * time: 2024-05-01T12:00:00Z
 * stage: degrading
 * rul: 42 cycles [30, 55]
 * trend s11: last 47.82, slope 0.0123/cycle, fleet z 2.3
 * past 2023-11-02 replace: HPC seal replaced after vibration alarm
 * Alert:
 * </pre>
 */
public final class AlertPrompt {
    public static final String CUE = "Alert:";
    /** Unsigned decimal numbers: grounding compares magnitudes, since prose says "fell by 0.3" for −0.3. */
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    private AlertPrompt() {}

    public static String prompt(AlertFacts facts) {
        StringBuilder text = new StringBuilder();
        line(text, "plant: " + clean(facts.plant()));
        line(text, "asset: " + clean(facts.asset()));
        line(text, "time: " + facts.timestamp());
        line(text, "stage: " + stageName(facts));
        RulEstimate rul = facts.rul();
        line(
                text,
                "rul: " + Math.round(rul.predicted()) + " " + rul.unit().plural() + " [" + Math.round(rul.lower())
                        + ", " + Math.round(rul.upper()) + "]");
        if (facts.trends().isEmpty()) {
            line(text, "trend: none");
        }
        for (SensorTrend trend : facts.trends()) {
            line(
                    text,
                    "trend " + clean(trend.sensor()) + ": last " + significant(trend.lastValue(), 5)
                            + ", slope " + significant(trend.slope(), 3) + "/"
                            + rul.unit().singular()
                            + ", fleet z " + significant(trend.fleetZScore(), 2));
        }
        if (facts.similarLogs().isEmpty()) {
            line(text, "past: none");
        }
        for (PastMaintenance log : facts.similarLogs()) {
            line(text, "past " + log.date() + " " + clean(log.action()) + ": " + clean(log.text()));
        }
        return text.append(CUE).toString();
    }

    /**
     * Prompt and alert as one training sequence: {@code prompt + " " + alert + "\n"}. The prompt is a
     * prefix of the result, so a trainer can exclude its tokens from the loss; the newline ends the alert.
     */
    public static String trainingExample(AlertFacts facts, String alertText) {
        String alert = clean(alertText);
        if (alert.isEmpty()) {
            throw new IllegalArgumentException("alert text is empty");
        }
        return prompt(facts) + " " + alert + "\n";
    }

    /**
     * What an alert for these facts may cite: every number that appears in the prompt (as written
     * there, including digits inside ids and dates) and the identifiers (plant, asset, stage, sensors,
     * dates, actions).
     */
    public static AlertCitables citables(AlertFacts facts) {
        Set<String> identifiers = new LinkedHashSet<>();
        identifiers.add(clean(facts.plant()));
        identifiers.add(clean(facts.asset()));
        identifiers.add(facts.timestamp().toString());
        identifiers.add(stageName(facts));
        facts.trends().forEach(t -> identifiers.add(clean(t.sensor())));
        for (PastMaintenance log : facts.similarLogs()) {
            identifiers.add(log.date().toString());
            identifiers.add(clean(log.action()));
        }
        return new AlertCitables(numbersIn(prompt(facts)), identifiers);
    }

    /** The numbers in a text, canonical (no sign, no leading or trailing zeros: "07" and "7.0" are "7"). */
    public static Set<String> numbersIn(String text) {
        Set<String> numbers = new LinkedHashSet<>();
        Matcher matcher = NUMBER.matcher(text);
        while (matcher.find()) {
            numbers.add(new BigDecimal(matcher.group()).stripTrailingZeros().toPlainString());
        }
        return numbers;
    }

    /** At least {@code digits} significant digits, never rounding the integer part; no exponent. */
    static String significant(double value, int digits) {
        BigDecimal exact = BigDecimal.valueOf(value);
        int integerDigits = Math.max(0, exact.precision() - exact.scale());
        BigDecimal rounded = exact.round(new MathContext(Math.max(digits, integerDigits), RoundingMode.HALF_UP));
        return rounded.signum() == 0 ? "0" : rounded.stripTrailingZeros().toPlainString();
    }

    private static String stageName(AlertFacts facts) {
        return facts.stage().name().toLowerCase(Locale.ROOT);
    }

    private static String clean(String text) {
        return MaintenanceCorpus.normalise(text);
    }

    private static void line(StringBuilder text, String line) {
        text.append(line).append('\n');
    }
}
