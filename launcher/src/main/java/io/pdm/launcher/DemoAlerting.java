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
import io.pdm.alerting.service.notify.NotifySettings;
import io.pdm.embedded.EmbeddedSmtp;
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
 * The demo's alerting: one lifecycle topology per plant beside its inference, with the default rules, real e-mail
 * notifications and one web inbox for every plant. The notifications go to an SMTP server in this JVM
 * ({@link EmbeddedSmtp}, which also serves them over IMAP) for the demo users ({@link DemoUsers}: {@code engineer-a}
 * for plant-a, …, and {@code admin}); each plant's escalation list is {@code admin}. The inbox has the same user names,
 * with fresh passwords. Stores and the preferences file live under the demo's data dir (a temp dir without one).
 */
final class DemoAlerting implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoAlerting.class);

    private final String kafka;
    private final List<AlertingService> services = new ArrayList<>();
    private final List<String> plants;
    private final DemoUsers users;
    private EmbeddedSmtp smtp;
    private Inbox inbox;
    private Map<String, String> passwords = Map.of();

    private DemoAlerting(String kafka, List<String> plants) {
        this.kafka = kafka;
        this.plants = List.copyOf(plants);
        this.users = new DemoUsers(plants);
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
        LifecycleSettings rules = LifecycleSettings.DEFAULTS;
        try {
            demo.smtp = EmbeddedSmtp.start();
            demo.users.mailboxes(demo.smtp);
            Path prefs = demo.users.write(root);
            NotifySettings notify = new NotifySettings(
                    prefs,
                    NotifySettings.Smtp.plain(EmbeddedSmtp.HOST, demo.smtp.smtpPort(), DemoUsers.FROM),
                    null,
                    null);
            for (String plant : plants) {
                out.println("starting alerting for " + plant + " ...");
                demo.services.add(AlertingService.start(AlertingSettings.of(plant, kafka, root.resolve(plant), rules)
                        .withNotifications(notify)));
            }
            out.println("starting the alert inbox ...");
            demo.startInbox(jdbcUrls, inboxPort, rules);
            return demo;
        } catch (RuntimeException | IOException e) {
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
        if (smtp != null) b.append(users.connectionInfo(smtp));
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
        if (smtp != null) b.append(users.summary(smtp));
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
        if (smtp != null) smtp.close(); // after the services: their last deliveries still land
    }

    /**
     * The demo's notification users, one engineer per plant ({@code engineer-a} follows plant-a, …) and {@code admin}
     * (every plant, critical only, and every plant's escalation list), the names the inbox's demo users have. Each
     * has a mailbox on the embedded server, readable over IMAP with the user's name and the password {@value
     * #PASSWORD}.
     */
    static final class DemoUsers {
        static final String FROM = "pdm demo <alerts@pdm.example>";
        static final String PASSWORD = "demo";
        static final String ADMIN = "admin";

        record User(String name, String plant, int minSeverity) {
            String email() {
                return name + "@pdm.example";
            }
        }

        private final List<String> plants;

        DemoUsers(List<String> plants) {
            this.plants = List.copyOf(plants);
        }

        List<User> users() {
            List<User> users = new ArrayList<>();
            for (String plant : plants) {
                users.add(new User("engineer-" + (plant.startsWith("plant-") ? plant.substring(6) : plant), plant, 1));
            }
            users.add(new User(ADMIN, "*", 800));
            return users;
        }

        void mailboxes(EmbeddedSmtp smtp) {
            for (User u : users()) smtp.mailbox(u.email(), u.name(), PASSWORD);
        }

        /** Writes {@code notifications.yaml} (notification-preferences/v1) under {@code root}. */
        Path write(Path root) throws IOException {
            StringBuilder y = new StringBuilder("# pdm demo: who is told about which plant's alerts\nusers:\n");
            for (User u : users()) {
                y.append("  - {name: ")
                        .append(u.name())
                        .append(", email: ")
                        .append(u.email())
                        .append(", plants: [\"")
                        .append(u.plant())
                        .append("\"], minSeverity: ")
                        .append(u.minSeverity())
                        .append("}\n");
            }
            y.append("escalation:\n");
            for (String plant : plants)
                y.append("  ").append(plant).append(": [").append(ADMIN).append("]\n");
            Files.createDirectories(root);
            return Files.writeString(root.resolve("notifications.yaml"), y.toString());
        }

        String connectionInfo(EmbeddedSmtp smtp) {
            return "  e-mail          notifications to the demo users' mailboxes (SMTP 127.0.0.1:" + smtp.smtpPort()
                    + "); read them over IMAP: imap://127.0.0.1:" + smtp.imapPort() + ", user "
                    + String.join(" | ", users().stream().map(User::name).toList()) + ", password " + PASSWORD
                    + System.lineSeparator();
        }

        String summary(EmbeddedSmtp smtp) {
            StringBuilder b = new StringBuilder();
            b.append(System.lineSeparator())
                    .append(String.format(
                            "  alerting          notification e-mails   %,12d",
                            smtp.received().size()));
            for (User u : users()) {
                b.append(System.lineSeparator())
                        .append(String.format(
                                "  alerting            e-mails to %-26s %,6d",
                                u.name(), smtp.receivedFor(u.email()).size()));
            }
            return b.toString();
        }
    }
}
