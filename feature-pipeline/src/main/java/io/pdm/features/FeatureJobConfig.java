package io.pdm.features;

import io.pdm.schemas.Ids;
import io.pdm.schemas.KafkaSecurity;
import io.pdm.schemas.Settings;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

/**
 * Settings of one plant's feature job. {@link #parameters} reads {@code --key value} arguments, then
 * system properties {@code pdm.features.<key>}, then environment variables {@code PDM_FEATURES_<KEY>}
 * (the shared {@code plant}, {@code kafka} and {@code jdbc}: {@code pdm.kafka} / {@code PDM_KAFKA}), then
 * defaults; docs/configuration.md lists them. Durations: see {@link #parseDuration}.
 *
 * @param windowSize         event-time window length
 * @param windowSlide        how often a window starts; equal to size means tumbling windows
 * @param maxOutOfOrderness  per asset: a window closes when the asset's own latest event time is
 *                           this far past its end (the asset's watermark; there is no job-wide one)
 * @param idleness           per asset, processing time: an asset that sends nothing for this long
 *                           closes all its open windows (0: never)
 * @param allowedLateness    after an asset's watermark passes a window's end, late readings still
 *                           update it (the window fires again) for this long; later ones go to the
 *                           late topic
 * @param checkpointInterval 0 disables checkpointing
 * @param bands              number of equal-width spectral bands from 0 to Nyquist
 * @param maintenanceRetention maintenance state of an asset silent for this long is dropped
 * @param kafkaSecurity      how the job's Kafka source and sinks connect ({@code PDM_KAFKA_SECURITY_PROTOCOL}, …);
 *                           read from the environment by {@link FeatureJob#main}, PLAINTEXT otherwise
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
        int parallelism,
        KafkaSecurity kafkaSecurity) {

    /** Without Kafka security settings: PLAINTEXT. */
    public FeatureJobConfig(
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
        this(
                plant,
                bootstrapServers,
                groupId,
                windowSize,
                windowSlide,
                maxOutOfOrderness,
                idleness,
                allowedLateness,
                checkpointInterval,
                ewmaAlpha,
                bands,
                maintenanceRetention,
                parallelism,
                KafkaSecurity.PLAINTEXT);
    }

    public FeatureJobConfig {
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        Ids.require("plant", plant);
        for (Duration d : new Duration[] {maxOutOfOrderness, idleness, allowedLateness}) {
            if (d.isNegative()) throw new IllegalArgumentException("durations must not be negative: " + d);
        }
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (groupId == null) groupId = "pdm-features-" + plant;
        if (windowSize.isNegative() || windowSize.isZero())
            throw new IllegalArgumentException("windowSize must be > 0");
        if (windowSlide.isNegative() || windowSlide.isZero() || windowSlide.compareTo(windowSize) > 0) {
            throw new IllegalArgumentException("windowSlide must be in (0, windowSize]");
        }
        if (!(ewmaAlpha > 0 && ewmaAlpha <= 1)) throw new IllegalArgumentException("ewmaAlpha must be in (0, 1]");
        if (bands < 1) throw new IllegalArgumentException("bands must be >= 1");
    }

    /** 60 s windows every 10 s, 5 s out-of-orderness, 30 s idleness, 30 s lateness, 8 bands. */
    public static FeatureJobConfig defaults(String plant, String bootstrapServers) {
        return new FeatureJobConfig(
                plant,
                bootstrapServers,
                null,
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                0.3,
                8,
                Duration.ofDays(30),
                0);
    }

    public boolean tumbling() {
        return windowSlide.equals(windowSize);
    }

    public FeatureJobConfig withWindow(Duration size, Duration slide) {
        return new FeatureJobConfig(
                plant,
                bootstrapServers,
                groupId,
                size,
                slide,
                maxOutOfOrderness,
                idleness,
                allowedLateness,
                checkpointInterval,
                ewmaAlpha,
                bands,
                maintenanceRetention,
                parallelism,
                kafkaSecurity);
    }

    public FeatureJobConfig withWatermarks(Duration outOfOrderness, Duration idle, Duration lateness) {
        return new FeatureJobConfig(
                plant,
                bootstrapServers,
                groupId,
                windowSize,
                windowSlide,
                outOfOrderness,
                idle,
                lateness,
                checkpointInterval,
                ewmaAlpha,
                bands,
                maintenanceRetention,
                parallelism,
                kafkaSecurity);
    }

    public FeatureJobConfig withCheckpointInterval(Duration interval) {
        return new FeatureJobConfig(
                plant,
                bootstrapServers,
                groupId,
                windowSize,
                windowSlide,
                maxOutOfOrderness,
                idleness,
                allowedLateness,
                interval,
                ewmaAlpha,
                bands,
                maintenanceRetention,
                parallelism,
                kafkaSecurity);
    }

    public FeatureJobConfig withKafkaSecurity(KafkaSecurity security) {
        return new FeatureJobConfig(
                plant,
                bootstrapServers,
                groupId,
                windowSize,
                windowSlide,
                maxOutOfOrderness,
                idleness,
                allowedLateness,
                checkpointInterval,
                ewmaAlpha,
                bands,
                maintenanceRetention,
                parallelism,
                security);
    }

    public FeatureJobConfig withGroupId(String group) {
        return new FeatureJobConfig(
                plant,
                bootstrapServers,
                group,
                windowSize,
                windowSlide,
                maxOutOfOrderness,
                idleness,
                allowedLateness,
                checkpointInterval,
                ewmaAlpha,
                bands,
                maintenanceRetention,
                parallelism,
                kafkaSecurity);
    }

    /** Command-line keys of the job. {@code plant}, {@code kafka} and {@code jdbc} are shared settings ({@code pdm.kafka}), the others {@code pdm.features.*}. */
    public static final List<String> KEYS = List.of(
            "plant",
            "kafka",
            "jdbc",
            "group-id",
            "window-size",
            "window-slide",
            "max-out-of-orderness",
            "idleness",
            "allowed-lateness",
            "checkpoint-interval",
            "ewma-alpha",
            "bands",
            "maintenance-retention",
            "parallelism");

    private static final Set<String> SHARED = Set.of("plant", "kafka", "jdbc");

    /** {@code kafka} → {@code pdm.kafka}, {@code window-size} → {@code pdm.features.window-size}. */
    public static String property(String key) {
        return SHARED.contains(key) ? "pdm." + key : "pdm.features." + key;
    }

    /** Reads {@code --plant p --kafka host:9092 --window-size 60s ...}, then the environment, then defaults. */
    public static FeatureJobConfig fromArgs(String[] args, Map<String, String> env) {
        return from(parameters(args, env, Map.of(), System.err::println));
    }

    /**
     * The job's parameters, keyed by the command-line name: the command line ({@code --window-size 60s} or
     * {@code --window-size=60s}) over system properties ({@code -Dpdm.features.window-size=60s}) over the
     * environment ({@code PDM_FEATURES_WINDOW_SIZE}). Deprecated names ({@code --bootstrap},
     * {@code PDM_FEATURES_BOOTSTRAP}, …) still work for one release, with a warning; the canonical name wins.
     */
    public static ParameterTool parameters(
            String[] args, Map<String, String> env, Map<String, String> properties, Consumer<String> warn) {
        Map<String, String> canonicalEnv = Settings.withCanonicalNames(env, warn);
        Map<String, String> fromEnv = new HashMap<>();
        Map<String, String> fromProperties = new HashMap<>();
        for (String key : KEYS) {
            String v = canonicalEnv.get(Settings.envName(property(key)));
            if (v != null && !v.isBlank()) fromEnv.put(key, v.trim());
            v = properties.get(property(key));
            if (v != null && !v.isBlank()) fromProperties.put(key, v.trim());
        }
        // ParameterTool reads "--key value" only; this job always took "--key=value" too.
        ParameterTool cli = ParameterTool.fromArgs(Arrays.stream(args)
                .flatMap(a -> a.startsWith("--") && a.indexOf('=') > 2
                        ? Stream.of(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1))
                        : Stream.of(a))
                .toArray(String[]::new));
        // ParameterTool records a key without a value under this (protected) marker instead of failing.
        cli.toMap().forEach((k, v) -> {
            if ("__NO_VALUE_KEY".equals(v)) throw new IllegalArgumentException("missing value for --" + k);
        });
        if (cli.has("bootstrap")) {
            warn.accept(Settings.deprecation("--bootstrap", "--kafka"));
            if (!cli.has("kafka")) cli = cli.mergeWith(ParameterTool.fromMap(Map.of("kafka", cli.get("bootstrap"))));
        }
        return ParameterTool.fromMap(fromEnv)
                .mergeWith(ParameterTool.fromMap(fromProperties))
                .mergeWith(cli);
    }

    /** The config from {@link #parameters}; what is not given keeps the {@link #defaults}. */
    public static FeatureJobConfig from(ParameterTool p) {
        String plant = p.get("plant");
        if (plant == null) throw new IllegalArgumentException("--plant (or PDM_PLANT) is required");
        String kafka = p.get("kafka", Settings.DEFAULT_KAFKA);
        FeatureJobConfig d = defaults(plant, kafka);
        return new FeatureJobConfig(
                plant,
                kafka,
                p.get("group-id"),
                duration(p, "window-size", d.windowSize),
                duration(p, "window-slide", d.windowSlide),
                duration(p, "max-out-of-orderness", d.maxOutOfOrderness),
                duration(p, "idleness", d.idleness),
                duration(p, "allowed-lateness", d.allowedLateness),
                duration(p, "checkpoint-interval", d.checkpointInterval),
                p.getDouble("ewma-alpha", d.ewmaAlpha),
                p.getInt("bands", d.bands),
                duration(p, "maintenance-retention", d.maintenanceRetention),
                p.getInt("parallelism", d.parallelism));
    }

    private static Duration duration(ParameterTool p, String key, Duration dflt) {
        return p.has(key) ? parseDuration(p.get(key)) : dflt;
    }

    /**
     * Flink's duration syntax ({@link TimeUtils#parseDuration}): {@code 60s}, {@code 5 min}, {@code 5m},
     * {@code 500ms}, {@code 2h}, {@code 30d} or ISO-8601 {@code PT1M}. A bare number is seconds, as this
     * job always read it (Flink alone would read milliseconds).
     */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        return TimeUtils.parseDuration(!t.isEmpty() && t.chars().allMatch(Character::isDigit) ? t + "s" : t);
    }
}
