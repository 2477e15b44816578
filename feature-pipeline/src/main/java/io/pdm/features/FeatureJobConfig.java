package io.pdm.features;

import io.pdm.schemas.Ids;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one plant's feature job. {@link #fromArgs} reads {@code --key value} arguments, then
 * environment variables {@code PDM_FEATURES_<KEY>} (upper-case, dashes as underscores), then
 * defaults. Durations use ISO-8601 ({@code PT10S}) or a number with unit ({@code 10s}, {@code 500ms},
 * {@code 5m}, {@code 2h}, {@code 30d}).
 *
 * @param windowSize         event-time window length
 * @param windowSlide        how often a window starts; equal to size means tumbling windows
 * @param maxOutOfOrderness  bounded out-of-orderness of the watermark
 * @param idleness           a source split with no data for this long stops holding the watermark back
 * @param allowedLateness    after the watermark passes a window's end, late readings still update it
 *                           (the window fires again) for this long; later ones go to the late topic
 * @param checkpointInterval 0 disables checkpointing
 * @param bands              number of equal-width spectral bands from 0 to Nyquist
 * @param maintenanceRetention maintenance state of an asset silent for this long is dropped
 */
public record FeatureJobConfig(
        String plant,
        String bootstrapServers,
        String groupId,
        Duration windowSize,
        Duration windowSlide,
        Duration maxOutOfOrderness,
        Duration idleness,
        Duration allowedLateness,
        Duration checkpointInterval,
        double ewmaAlpha,
        int bands,
        Duration maintenanceRetention,
        int parallelism) {

    public FeatureJobConfig {
        Ids.require("plant", plant);
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (groupId == null) groupId = "pdm-features-" + plant;
        if (windowSize.isNegative() || windowSize.isZero()) throw new IllegalArgumentException("windowSize must be > 0");
        if (windowSlide.isNegative() || windowSlide.isZero() || windowSlide.compareTo(windowSize) > 0) {
            throw new IllegalArgumentException("windowSlide must be in (0, windowSize]");
        }
        if (!(ewmaAlpha > 0 && ewmaAlpha <= 1)) throw new IllegalArgumentException("ewmaAlpha must be in (0, 1]");
        if (bands < 1) throw new IllegalArgumentException("bands must be >= 1");
    }

    /** 60 s windows every 10 s, 5 s out-of-orderness, 30 s idleness, 30 s lateness, 8 bands. */
    public static FeatureJobConfig defaults(String plant, String bootstrapServers) {
        return new FeatureJobConfig(plant, bootstrapServers, null, Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
                0.3, 8, Duration.ofDays(30), 0);
    }

    public boolean tumbling() { return windowSlide.equals(windowSize); }

    public FeatureJobConfig withWindow(Duration size, Duration slide) {
        return new FeatureJobConfig(plant, bootstrapServers, groupId, size, slide, maxOutOfOrderness, idleness,
                allowedLateness, checkpointInterval, ewmaAlpha, bands, maintenanceRetention, parallelism);
    }

    public FeatureJobConfig withWatermarks(Duration outOfOrderness, Duration idle, Duration lateness) {
        return new FeatureJobConfig(plant, bootstrapServers, groupId, windowSize, windowSlide, outOfOrderness, idle,
                lateness, checkpointInterval, ewmaAlpha, bands, maintenanceRetention, parallelism);
    }

    public FeatureJobConfig withCheckpointInterval(Duration interval) {
        return new FeatureJobConfig(plant, bootstrapServers, groupId, windowSize, windowSlide, maxOutOfOrderness,
                idleness, allowedLateness, interval, ewmaAlpha, bands, maintenanceRetention, parallelism);
    }

    public FeatureJobConfig withGroupId(String group) {
        return new FeatureJobConfig(plant, bootstrapServers, group, windowSize, windowSlide, maxOutOfOrderness,
                idleness, allowedLateness, checkpointInterval, ewmaAlpha, bands, maintenanceRetention, parallelism);
    }

    /** Reads {@code --plant p --bootstrap host:9092 --window-size 60s --window-slide 10s ...}. */
    public static FeatureJobConfig fromArgs(String[] args, Map<String, String> env) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --key, got " + args[i]);
            String k = args[i].substring(2);
            int eq = k.indexOf('=');
            if (eq >= 0) a.put(k.substring(0, eq), k.substring(eq + 1));
            else if (i + 1 < args.length) a.put(k, args[++i]);
            else throw new IllegalArgumentException("missing value for --" + k);
        }
        java.util.function.Function<String, String> get = k -> a.getOrDefault(k,
                env.get("PDM_FEATURES_" + k.toUpperCase().replace('-', '_')));
        String plant = get.apply("plant");
        if (plant == null) throw new IllegalArgumentException("--plant (or PDM_FEATURES_PLANT) is required");
        String bootstrap = Objects.requireNonNullElse(get.apply("bootstrap"), "localhost:9092");
        FeatureJobConfig d = defaults(plant, bootstrap);
        return new FeatureJobConfig(plant, bootstrap, get.apply("group-id"),
                dur(get.apply("window-size"), d.windowSize), dur(get.apply("window-slide"), d.windowSlide),
                dur(get.apply("max-out-of-orderness"), d.maxOutOfOrderness), dur(get.apply("idleness"), d.idleness),
                dur(get.apply("allowed-lateness"), d.allowedLateness),
                dur(get.apply("checkpoint-interval"), d.checkpointInterval),
                num(get.apply("ewma-alpha"), d.ewmaAlpha), (int) num(get.apply("bands"), d.bands),
                dur(get.apply("maintenance-retention"), d.maintenanceRetention),
                (int) num(get.apply("parallelism"), d.parallelism));
    }

    private static double num(String v, double dflt) {
        return v == null ? dflt : Double.parseDouble(v);
    }

    static Duration dur(String v, Duration dflt) {
        if (v == null || v.isBlank()) return dflt;
        v = v.trim();
        if (v.startsWith("P") || v.startsWith("p")) return Duration.parse(v);
        int i = 0;
        while (i < v.length() && (Character.isDigit(v.charAt(i)) || v.charAt(i) == '.')) i++;
        double n = Double.parseDouble(v.substring(0, i));
        String unit = v.substring(i).trim().toLowerCase();
        double ms = switch (unit) {
            case "ms" -> n;
            case "", "s" -> n * 1000;
            case "m", "min" -> n * 60_000;
            case "h" -> n * 3_600_000;
            case "d" -> n * 86_400_000;
            default -> throw new IllegalArgumentException("bad duration unit in " + v);
        };
        return Duration.ofMillis(Math.round(ms));
    }
}
