package io.pdm.alerting.notify.prefs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the rest of pdm writes them (docs/configuration.md): {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d},
 * {@code 500ms} or ISO-8601 ({@code PT30M}); a bare number is seconds. Fractions are refused, as there.
 */
public final class DurationText {
    private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)?");

    private DurationText() {}

    public static Duration parse(String text) {
        String t = text.trim();
        Matcher m = TEXT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "not a duration: '" + text + "' (write e.g. 90s, 30m, 2h, 1d, 500ms or PT30M)");
        }
    }

    /** Jackson: a string or a number of seconds. */
    static final class Deserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken().isNumeric()) return Duration.ofSeconds(p.getLongValue());
            return parse(p.getValueAsString());
        }
    }
}
