package io.pdm.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pdm} command. Each subcommand is one service, the embedded demo, a replay or a benchmark. */
@Command(
        name = "pdm",
        mixinStandardHelpOptions = true,
        version = "pdm 0.1.0",
        description = "Streaming predictive maintenance for industrial IoT.",
        subcommands = {
            DemoCommand.class,
            ReplayCommand.class,
            BenchCommand.class,
            AlertsCommand.class,
            IngestCommand.class,
            FeaturesCommand.class,
            InferenceCommand.class,
            AlertingCommand.class,
            io.pdm.launcher.model.ModelCommand.class,
            io.pdm.launcher.fl.FlCommand.class,
            io.pdm.launcher.fl.CertsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Pdm extends UsageCommand {
    public static CommandLine commandLine() {
        return new CommandLine(new Pdm())
                .registerConverter(java.time.Duration.class, Durations.CONVERTER)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        // HiveMQ's jar ships its own logback.xml; name ours explicitly so the choice is not left to classpath order.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-pdm.xml");
        }
        // PyTorch's native library ships inside the pytorch-native-cpu jar: DJL must not try to download it.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // Tomcat (ingest's REST API) logs through java.util.logging: route it to the same place.
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }
}
