package io.pdm.launcher;

import io.pdm.devices.replay.CmapssReplay;
import io.pdm.devices.replay.ReplayOptions;
import io.pdm.devices.sim.PahoMqttPublisher;
import io.pdm.ingest.MqttSecurity;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pdm replay cmapss}: publishes NASA C-MAPSS engines as MQTT telemetry of one plant. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Replays recorded data as MQTT telemetry.",
        subcommands = ReplayCommand.Cmapss.class)
public final class ReplayCommand extends UsageCommand {
    @Command(
            name = "cmapss",
            mixinStandardHelpOptions = true,
            description = "Publishes C-MAPSS turbofan engines (one asset each, run to failure) as telemetry snapshots.")
    static final class Cmapss implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", required = true, description = "Directory with train_FD00N.txt etc.")
        Path dir;

        @Option(names = "--subset", defaultValue = "FD001", description = "FD001..FD004 (default ${DEFAULT-VALUE}).")
        String subset;

        @Option(names = "--plant", required = true, description = "Plant id the engines belong to.")
        String plant;

        @Option(
                names = "--mqtt",
                defaultValue = "${env:PDM_MQTT:-" + io.pdm.schemas.Settings.DEFAULT_MQTT + "}",
                description = "Broker URL (default ${DEFAULT-VALUE}).")
        String mqtt;

        @Option(
                names = "--speed",
                defaultValue = "10",
                description = "Cycles per second per engine; 0 = as fast as possible (default ${DEFAULT-VALUE}).")
        double speed;

        @Option(names = "--engines", defaultValue = "0", description = "Only the first K engines; 0 = all.")
        int engines;

        /** A device logs in as ingest does: the same PDM_MQTT_* settings, e.g. user "device" on a Compose host. */
        @Mixin
        MqttSecurityOptions mqttSecurity = new MqttSecurityOptions();

        @Override
        public Integer call() throws Exception {
            ReplayOptions options = ReplayOptions.of(dir, subset, plant).withCyclesPerSecond(speed);
            if (engines > 0) options = options.withEngines(engines);
            MqttSecurity security;
            PahoMqttPublisher publisher;
            try {
                security = mqttSecurity.fromEnvironment();
                publisher = PahoMqttPublisher.connect(mqtt, "pdm-replay-" + plant, o -> security.applyTo(o, mqtt));
            } catch (IllegalArgumentException | IllegalStateException e) {
                // unreadable password file, TLS options on a tcp:// URL, a refused login: say which, and how it tried
                spec.commandLine()
                        .getErr()
                        .println("pdm replay: " + e.getMessage() + " (" + mqttSecurity.describe(mqtt) + ")");
                return 2;
            }
            try (PahoMqttPublisher out = publisher) {
                CmapssReplay.Result r = CmapssReplay.run(options, out);
                System.out.printf(
                        "replayed %d engines of %s: %,d snapshots, %,d maintenance entries, in %s%n",
                        r.engines(), subset, r.snapshots(), r.maintenanceLogs(), Durations.format(r.wallTime()));
            }
            return 0;
        }
    }
}
