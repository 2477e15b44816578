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
import java.net.URI;
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
     * Starts one inbox for every plant on {@code inboxPort} (0: a free one), with charts from the plants' stores
     * ({@code jdbcUrls}), then the plants' lifecycles, whose notifications link to that inbox. The demo users
     * ({@link DemoUsers}: {@code engineer-a} for plant-a, {@code engineer-b} for plant-b, …, and {@code admin}) get
     * one fresh password each, for the inbox and for their mailbox.
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
            List<InboxUser> people = new ArrayList<>();
            demo.passwords = InboxUsers.generate(demo.users.roles(), people);
            // the inbox first: its address is in every notification (it follows the topics once they exist)
            out.println("starting the alert inbox ...");
            demo.startInbox(people, jdbcUrls, inboxPort, rules);
            demo.smtp = EmbeddedSmtp.start();
            demo.users.mailboxes(demo.smtp, demo.passwords);
            Path prefs = demo.users.write(root);
            NotifySettings notify = new NotifySettings(
                    prefs,
                    NotifySettings.Smtp.plain(EmbeddedSmtp.HOST, demo.smtp.smtpPort(), DemoUsers.FROM),
                    null,
                    URI.create(demo.inbox.url()));
            for (String plant : plants) {
                out.println("starting alerting for " + plant + " ...");
                demo.services.add(AlertingService.start(AlertingSettings.of(plant, kafka, root.resolve(plant), rules)
                        .withNotifications(notify)));
            }
            return demo;
        } catch (RuntimeException | IOException e) {
            demo.close();
            throw e;
        }
    }

    private void startInbox(List<InboxUser> people, Map<String, String> jdbcUrls, int port, LifecycleSettings rules) {
        inbox = Inbox.start(new InboxSettings(
                plants,
                kafka,
                null,
                people,
                "127.0.0.1",
                port,
                InboxSettings.DEFAULT_SESSION_TIMEOUT,
                rules.maxShelve(),
                new Retention(rules.retention(), Retention.DEFAULT.maxAlerts()),
                null,
                jdbcUrls,
                null));
    }

    /** The inbox's address, e.g. {@code http://127.0.0.1:8110/}. */
    String inboxUrl() {
        return inbox.url();
    }

    String connectionInfo() {
        StringBuilder b = new StringBuilder();
        if (inbox != null) {
            b.append("  alert inbox     ").append(inbox.url()).append(System.lineSeparator());
            passwords.forEach((user, password) -> b.append(String.format(
                    "                  user %-11s password %s   (%s)%n", user, password, users.role(user))));
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
     * The demo's people, one engineer per plant ({@code engineer-a} follows plant-a, …) and {@code admin} (every plant,
     * critical only, and every plant's escalation list), in the inbox and in the notifications alike. Each has a
     * mailbox on the embedded server, readable over IMAP with the user's name and the same fresh password as the
     * inbox (printed at start).
     */
    static final class DemoUsers {
        static final String FROM = "pdm demo <alerts@pdm.example>";
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

        /** Each person's inbox roles: {@code engineer:PLANT}, or {@code admin}. */
        Map<String, List<String>> roles() {
            Map<String, List<String>> roles = new LinkedHashMap<>();
            for (User u : users()) roles.put(u.name(), List.of(role(u.name())));
            return roles;
        }

        String role(String name) {
            for (User u : users()) {
                if (u.name().equals(name)) return u.name().equals(ADMIN) ? "admin" : "engineer:" + u.plant();
            }
            throw new IllegalArgumentException("no demo user " + name);
        }

        void mailboxes(EmbeddedSmtp smtp, Map<String, String> passwords) {
            for (User u : users()) smtp.mailbox(u.email(), u.name(), passwords.get(u.name()));
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
                    + String.join(" | ", users().stream().map(User::name).toList())
                    + ", password: the user's, as for the inbox" + System.lineSeparator();
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
