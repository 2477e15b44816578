package io.pdm.launcher;

import io.pdm.features.FeatureJobConfig;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line and in progress lines. */
public final class Durations {
    private Durations() {}

    /**
     * Reads {@code 500ms}, {@code 60s}, {@code 5m}, {@code 5 min}, {@code 2h}, {@code 30d} or ISO-8601
     * {@code PT1M} with the same parser as the feature job (Flink's {@code TimeUtils}).
     */
    public static final ITypeConverter<Duration> CONVERTER = text -> {
        try {
            return FeatureJobConfig.parseDuration(text);
        } catch (RuntimeException e) {
            throw new TypeConversionException("not a duration: '" + text + "' (use e.g. 60s, 5m, 500ms or PT1M)");
        }
    };

    /** {@link #CONVERTER} as a class, for an option that must parse the same way without {@code pdm}'s registry. */
    public static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) throws Exception {
            return CONVERTER.convert(text);
        }
    }

    /** Formats a duration compactly for progress lines: {@code 1m05s}. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
