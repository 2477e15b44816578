package io.pdm.launcher;

import io.pdm.alerting.events.EventTail;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's alerting: one lifecycle topology per plant beside its inference, with the default rules and the
 * escalation list {@code shift-lead, maintenance-manager}. Its stores live under the demo's data dir (a temp dir
 * without one).
 */
final class DemoAlerting implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoAlerting.class);
    static final List<String> ESCALATION = List.of("shift-lead", "maintenance-manager");

    private final String kafka;
    private final List<AlertingService> services = new ArrayList<>();
    private final List<String> plants;

    private DemoAlerting(String kafka, List<String> plants) {
        this.kafka = kafka;
        this.plants = List.copyOf(plants);
    }

    static DemoAlerting start(List<String> plants, String kafka, Path dataDir, PrintStream out) throws IOException {
        Path root = dataDir == null ? Files.createTempDirectory("pdm-alerting-") : dataDir.resolve("alerting");
        DemoAlerting demo = new DemoAlerting(kafka, plants);
        LifecycleSettings rules =
                LifecycleSettings.DEFAULTS.withEscalation(LifecycleSettings.DEFAULTS.escalateAfter(), ESCALATION);
        try {
            for (String plant : plants) {
                out.println("starting alerting for " + plant + " ...");
                demo.services.add(AlertingService.start(AlertingSettings.of(plant, kafka, root.resolve(plant), rules)));
            }
            return demo;
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    String connectionInfo() {
        StringBuilder b = new StringBuilder();
        for (String plant : plants) {
            b.append("  alert events    pdm alerts tail --plant ")
                    .append(plant)
                    .append(" --kafka ")
                    .append(kafka)
                    .append(" --from-beginning   (")
                    .append(Topics.maintenanceEvents(plant))
                    .append(")")
                    .append(System.lineSeparator());
        }
        return b.toString();
    }

    /** The summary lines: maintenance events per type over every plant, as read from the topics. */
    String summary() {
        Map<String, Long> counts;
        try {
            counts = EventTail.countByType(
                    kafka, plants.stream().map(Topics::maintenanceEvents).toList());
        } catch (RuntimeException e) {
            LOG.warn("could not count maintenance events: {}", e.toString());
            return "";
        }
        StringBuilder b = new StringBuilder();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        b.append(System.lineSeparator())
                .append(String.format("  alerting          maintenance events     %,12d", total));
        counts.forEach((type, n) ->
                b.append(System.lineSeparator()).append(String.format("  alerting            %-36s %,6d", type, n)));
        return b.toString();
    }

    @Override
    public void close() {
        for (AlertingService s : services) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("error while stopping alerting of {}: {}", s.plant(), e.toString());
            }
        }
    }
}
