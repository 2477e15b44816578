package io.pdm.launcher;

import io.pdm.alerting.events.EventLines;
import io.pdm.schemas.Settings;
import io.pdm.schemas.Topics;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm alerts tail}: a plant's maintenance events as they come, for a person checking an integration. */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = "Prints a plant's maintenance events (pdm.{plant}.maintenance-events.v1) as they come, one line"
                + " each; --json adds the CloudEvent.")
final class AlertsTail implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--plant", defaultValue = "${env:PDM_PLANT}", description = "The plant (PDM_PLANT).")
    String plant;

    @Option(
            names = "--kafka",
            defaultValue = "${env:PDM_KAFKA:-" + Settings.DEFAULT_KAFKA + "}",
            description = "Kafka bootstrap servers (PDM_KAFKA, default ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--from-beginning", description = "Start with the oldest event on the topic, not the next one.")
    boolean fromBeginning;

    @Option(names = "--json", description = "Print each event's CloudEvent JSON after its line.")
    boolean json;

    @Option(names = "--limit", defaultValue = "0", description = "Stop after this many events (default: never).")
    long limit;

    PrintStream out = System.out;

    @Override
    public Integer call() {
        if (plant == null || plant.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--plant (or PDM_PLANT) is required");
        }
        AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true), "pdm-alerts-tail-shutdown"));
        io.pdm.alerting.events.EventTail.follow(
                kafka,
                List.of(Topics.maintenanceEvents(plant)),
                fromBeginning,
                limit,
                stop::get,
                e -> {
                    out.println(EventLines.line(e));
                    if (json) {
                        out.println(new String(
                                io.pdm.alerting.topology.MaintenanceEvents.toJson(e),
                                java.nio.charset.StandardCharsets.UTF_8));
                    }
                    out.flush();
                },
                problem -> System.err.println("warning: " + problem));
        return 0;
    }
}
