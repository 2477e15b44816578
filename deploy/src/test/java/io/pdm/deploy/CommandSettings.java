package io.pdm.deploy;

import io.pdm.features.FeatureJobConfig;
import io.pdm.ingest.IngestSettings;
import io.pdm.ingest.MqttSecurity;
import io.pdm.launcher.Pdm;
import io.pdm.schemas.KafkaSecurity;
import io.pdm.schemas.Settings;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The environment variables a service reads, introspected from what it runs: a {@code pdm} subcommand's picocli options
 * ({@code defaultValue = "${env:PDM_…}"}, read from the annotation before picocli interpolates it), the settings
 * record {@code pdm ingest} binds with Spring ({@link IngestSettings}), or the Flink job's keys
 * ({@link FeatureJobConfig#KEYS}).
 */
final class CommandSettings {
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");

    private CommandSettings() {}

    /** The subcommand that {@code args} (as given to {@code pdm}) selects, e.g. {@code fl plant …} → {@code fl plant}. */
    static Optional<CommandSpec> subcommand(List<String> args) {
        CommandLine current = Pdm.commandLine();
        boolean matched = false;
        for (String arg : args) {
            CommandLine next = current.getSubcommands().get(arg);
            if (next == null) break;
            current = next;
            matched = true;
        }
        return matched ? Optional.of(current.getCommandSpec()) : Optional.empty();
    }

    /** Every {@code ${env:NAME}} default of the command's options, plus what its settings record binds. */
    static Set<String> environmentOf(CommandSpec spec) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : spec.options()) {
            if (option.userObject() instanceof AnnotatedElement element) {
                Option annotation = element.getAnnotation(Option.class);
                if (annotation != null) {
                    Matcher m = ENV_DEFAULT.matcher(annotation.defaultValue());
                    while (m.find()) names.add(m.group(1));
                }
            }
        }
        if (spec.qualifiedName(" ").equals("pdm ingest")) names.addAll(ingestEnvironment());
        // a command with the MQTT login options (pdm replay) falls back to MqttSecurity's settings, as ingest does
        if (spec.findOption("--mqtt-username") != null) {
            MqttSecurity.SETTINGS.forEach(s -> names.add(Settings.envName(s)));
        }
        // the Kafka security options (KafkaSecurityOptions) fall back to KafkaSecurity's settings from the environment
        if (spec.findOption("--kafka-security-protocol") != null) {
            KafkaSecurity.SETTINGS.forEach(s -> names.add(Settings.envName(s)));
        }
        return names;
    }

    /**
     * What {@code pdm ingest} reads through {@link IngestSettings} ({@code pdm.*}, {@code pdm.ingest.*}, nested records
     * as nested names); the Kafka and MQTT security settings by their own lists, as {@code IngestSettings} reads them.
     */
    static Set<String> ingestEnvironment() {
        Set<String> names = new TreeSet<>();
        addRecord(names, "pdm", IngestSettings.class);
        return names;
    }

    private static void addRecord(Set<String> names, String prefix, Class<?> type) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getType() == KafkaSecurity.class) {
                KafkaSecurity.SETTINGS.forEach(s -> names.add(Settings.envName(s)));
            } else if (c.getType() == MqttSecurity.class) {
                MqttSecurity.SETTINGS.forEach(s -> names.add(Settings.envName(s)));
            } else if (c.getType().isRecord()) {
                addRecord(names, prefix + "." + kebab(c.getName()), c.getType());
            } else {
                names.add(Settings.envName(prefix + "." + kebab(c.getName())));
            }
        }
    }

    /** What the Flink job {@code io.pdm.features.FeatureJob} reads from the environment. */
    static Set<String> featureJobEnvironment() {
        Set<String> names = new TreeSet<>();
        FeatureJobConfig.KEYS.forEach(k -> names.add(Settings.envName(FeatureJobConfig.property(k))));
        return names;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
