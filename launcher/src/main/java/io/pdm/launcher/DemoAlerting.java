package io.pdm.launcher;

import io.pdm.alerting.events.EventTail;
import io.pdm.alerting.inbox.Inbox;
import io.pdm.alerting.inbox.InboxSettings;
import io.pdm.alerting.inbox.board.Retention;
import io.pdm.alerting.inbox.security.InboxUser;
import io.pdm.alerting.inbox.security.InboxUsers;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.schemas.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's alerting: one lifecycle topology per plant beside its inference, with the default rules and the
 * escalation list {@code shift-lead, maintenance-manager}, and one web inbox for every plant. Its stores live under the demo's data dir (a temp dir
 * without one).
 */
final class DemoAlerting implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoAlerting.class);
    static final List<String> ESCALATION = List.of("shift-lead", "maintenance-manager");

    private final String kafka;
    private final List<AlertingService> services = new ArrayList<>();
    private final List<String> plants;
    private Inbox inbox;
    private Map<String, String> passwords = Map.of();

    private DemoAlerting(String kafka, List<String> plants) {
        this.kafka = kafka;
        this.plants = List.copyOf(plants);
    }

    /**
     * Starts the plants' lifecycles and one inbox for all of them on {@code inboxPort} (0: a free one), with charts
     * from the plants' stores ({@code jdbcUrls}) and three demo users with fresh passwords: {@code engineer-a} (the
     * first plant), {@code engineer-b} (the second) and {@code admin}.
     */
    static DemoAlerting start(
            List<String> plants,
            String kafka,
            Path dataDir,
            Map<String, String> jdbcUrls,
            int inboxPort,
            PrintStream out)
            throws IOException {
        Path root = dataDir == null ? Files.createTempDirectory("pdm-alerting-") : dataDir.resolve("alerting");
        DemoAlerting demo = new DemoAlerting(kafka, plants);
        LifecycleSettings rules =
                LifecycleSettings.DEFAULTS.withEscalation(LifecycleSettings.DEFAULTS.escalateAfter(), ESCALATION);
        try {
            for (String plant : plants) {
                out.println("starting alerting for " + plant + " ...");
                demo.services.add(AlertingService.start(AlertingSettings.of(plant, kafka, root.resolve(plant), rules)));
            }
            out.println("starting the alert inbox ...");
            demo.startInbox(jdbcUrls, inboxPort, rules);
            return demo;
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    private void startInbox(Map<String, String> jdbcUrls, int port, LifecycleSettings rules) {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        roles.put("engineer-a", List.of("engineer:" + plants.get(0)));
        if (plants.size() > 1) roles.put("engineer-b", List.of("engineer:" + plants.get(1)));
        roles.put("admin", List.of("admin"));
        List<InboxUser> users = new ArrayList<>();
        passwords = InboxUsers.generate(roles, users);
        inbox = Inbox.start(new InboxSettings(
                plants,
                kafka,
                null,
                users,
                "127.0.0.1",
                port,
                InboxSettings.DEFAULT_SESSION_TIMEOUT,
                rules.maxShelve(),
                new Retention(rules.retention(), Retention.DEFAULT.maxAlerts()),
                null,
                jdbcUrls,
                null));
    }

    String connectionInfo() {
        StringBuilder b = new StringBuilder();
        if (inbox != null) {
            b.append("  alert inbox     ").append(inbox.url()).append(System.lineSeparator());
            passwords.forEach((user, password) ->
                    b.append(String.format("                  user %-11s password %s%n", user, password)));
        }
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
        if (inbox != null) {
            try {
                inbox.close();
            } catch (RuntimeException e) {
                LOG.warn("error while stopping the inbox: {}", e.toString());
            }
        }
        for (AlertingService s : services) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("error while stopping alerting of {}: {}", s.plant(), e.toString());
            }
        }
    }
}
