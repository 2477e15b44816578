package io.pdm.alerting.service.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.notify.channel.EmailSender;
import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.EmbeddedSmtp;
import io.pdm.schemas.Topics;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications end to end with real parts: candidates on the embedded KRaft broker, the alerting service (lifecycle
 * with exactly_once_v2 and its notification dispatcher), e-mail through a real SMTP server in this JVM
 * ({@link EmbeddedSmtp}, GreenMail) and a webhook to a real HTTP receiver (the JDK's HttpServer).
 */
class NotificationsIT {
    static final Instant T = Instant.parse("2026-12-05T08:00:00Z");

    static EmbeddedKafka kafka;
    static EmbeddedSmtp smtp;
    static Hook hook;
    static Candidates candidates;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.builder().build().start();
        smtp = EmbeddedSmtp.start();
        hook = new Hook();
        candidates = new Candidates(kafka.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (candidates != null) candidates.close();
        if (hook != null) hook.close();
        if (smtp != null) smtp.close();
        if (kafka != null) kafka.close();
    }

    AlertingSettings settings(String plant, Path stateDir, LifecycleSettings lifecycle, String prefs) throws Exception {
        Path file = dir.resolve(plant + "-notifications.yaml");
        Files.writeString(file, prefs, StandardCharsets.UTF_8);
        NotifySettings notify = new NotifySettings(
                file,
                NotifySettings.Smtp.plain(EmbeddedSmtp.HOST, smtp.smtpPort(), "pdm alerts <alerts@pdm.example>"),
                Duration.ofSeconds(20),
                java.net.URI.create("http://inbox.pdm.example:8080"));
        return AlertingSettings.of(plant, kafka.bootstrapServers(), stateDir, lifecycle)
                .withNotifications(notify);
    }

    @Test
    void mailAndWebhookGoOutOnceEachEvenWhenTheServiceRestartsAndReplaysItsEvents() throws Exception {
        String plant = "plant-n";
        kafka.createTopics(3, Topics.alerts(plant), Topics.alertCommands(plant), Topics.maintenanceEvents(plant));
        String prefs = """
                users:
                  - {name: alice, email: alice@plant-n.example, plants: [plant-n]}
                  - {name: bob, email: bob@plant-n.example, plants: [plant-n], minSeverity: 900}
                  - name: ops
                    plants: [plant-n]
                    webhooks: [{name: ops-hook, url: "%s"}]
                """.formatted(hook.url("/plant-n"));
        LifecycleSettings lifecycle = LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO);
        AlertingSettings settings = settings(plant, dir.resolve("state"), lifecycle, prefs);

        AlertingService first = AlertingService.start(settings);
        // a record that is no CloudEvent: counted and passed over, the loop goes on
        candidates.send(
                Topics.maintenanceEvents(plant), "pump-0", "not a cloud event".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 6; i++) candidates.send(plant, "pump-" + i, "RAISED", 700, T);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> mailsTo("alice@plant-n.example").size() == 6);
        await().atMost(Duration.ofSeconds(30)).until(() -> hooks("/plant-n").size() == 6);
        NotificationDispatcher dispatcher = first.notifications().orElseThrow().dispatcher();
        assertThat(dispatcher.malformed()).isEqualTo(1);
        assertThat(mailsTo("bob@plant-n.example"))
                .as("below bob's minimum severity")
                .isEmpty();

        // mid-stream: the band of three alerts rises to CRITICAL, and the service stops while that is under way
        for (int i = 0; i < 3; i++) candidates.send(plant, "pump-" + i, "UPDATED", 950, T.plusSeconds(60));
        first.close();
        // as if it had crashed before committing anything: the next start reads every event again
        rewindNotifications(plant);
        for (int i = 6; i < 8; i++) candidates.send(plant, "pump-" + i, "RAISED", 700, T.plusSeconds(120));

        try (AlertingService second = AlertingService.start(settings)) {
            // alice: 8 raised + 3 updated; bob: the 3 critical ones; the webhook: like alice
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mailsTo("alice@plant-n.example").size() >= 11);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> mailsTo("bob@plant-n.example").size() >= 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> hooks("/plant-n").size() >= 11);
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            second.notifications().orElseThrow().dispatcher().notified() >= 11);
            Thread.sleep(2000); // a duplicate would arrive by now

            List<CloudEvent> events = candidates.events(plant);
            Set<String> notifying = events.stream()
                    .filter(e -> EventNotifications.notifies(e.getType()))
                    .map(CloudEvent::getId)
                    .collect(Collectors.toSet());
            assertThat(notifying).hasSize(11);
            assertThat(keys(mailsTo("alice@plant-n.example")))
                    .as("one mail per event, each carrying the event id")
                    .hasSize(11)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(notifying);
            assertThat(mailsTo("bob@plant-n.example")).hasSize(3);
            assertThat(hooks("/plant-n"))
                    .extracting(Hook.Request::idempotencyKey)
                    .hasSize(11)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(notifying);
            assertThat(second.notifications().orElseThrow().dispatcher().notified())
                    .as("the second instance read the replayed events and recognised them as sent")
                    .isGreaterThanOrEqualTo(11);
            MimeMessage critical = mailsTo("bob@plant-n.example").stream()
                    .filter(m -> subject(m).contains("plant-n/pump-0"))
                    .findFirst()
                    .orElseThrow();
            assertThat(critical.getSubject()).startsWith("[CRITICAL 950] plant-n/pump-0: Still active");
            assertThat(text(critical))
                    .contains("Bearing wear on pump-0")
                    .contains("Open in the inbox: http://inbox.pdm.example:8080/alerts/"
                            + Candidates.fp(plant, "pump-0"));
        }
    }

    @Test
    void aChangedPreferencesFileTakesEffectWithoutARestartAndABrokenOneIsRefused() throws Exception {
        String plant = "plant-r";
        kafka.createTopics(1, Topics.alerts(plant), Topics.alertCommands(plant), Topics.maintenanceEvents(plant));
        LifecycleSettings lifecycle = LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO);
        AlertingSettings settings = settings(plant, dir.resolve("state-r"), lifecycle, """
                users:
                  - {name: alice, email: alice@plant-r.example, plants: [plant-r]}
                """);
        Path file = settings.notifications().preferences();
        try (AlertingService service = AlertingService.start(settings)) {
            NotificationService notifications = service.notifications().orElseThrow();
            candidates.send(plant, "pump-1", "RAISED", 700, T);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mailsTo("alice@plant-r.example").size() == 1);

            // carol joins, alice asks for critical alerts only: the file is edited while the service runs
            Files.writeString(file, """
                    users:
                      - {name: alice, email: alice@plant-r.example, plants: [plant-r], minSeverity: 800}
                      - {name: carol, email: carol@plant-r.example, plants: [plant-r]}
                    """);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> notifications.preferences().user("carol").isPresent());
            candidates.send(plant, "pump-2", "RAISED", 700, T.plusSeconds(60));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mailsTo("carol@plant-r.example").size() == 1);
            assertThat(subject(mailsTo("carol@plant-r.example").get(0))).contains("pump-2");

            // a typo: refused, the preferences in force stay and the next alert is told by them
            Files.writeString(file, "users:\n  - {name: dave, emial: dave@plant-r.example}\n");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> notifications.reload().refusals() == 1);
            assertThat(notifications.preferences().user("carol")).isPresent();
            candidates.send(plant, "pump-3", "RAISED", 700, T.plusSeconds(120));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mailsTo("carol@plant-r.example").size() == 2);
            Thread.sleep(1000);
            assertThat(mailsTo("alice@plant-r.example"))
                    .as("alice: only the first, before she asked for critical only")
                    .hasSize(1);
            assertThat(notifications.reload().reloads()).isEqualTo(1);
        }
    }

    @Test
    void anUnacknowledgedAlertEscalatesToTheNextPersonOfThePreferencesList() throws Exception {
        String plant = "plant-e";
        kafka.createTopics(3, Topics.alerts(plant), Topics.alertCommands(plant));
        String prefs = """
                users:
                  - {name: erin, email: erin@plant-e.example, plants: [plant-e]}
                  - {name: carol, email: carol@plant-e.example, plants: [plant-z]}
                  - {name: dave, email: dave@plant-e.example, plants: [plant-z]}
                escalation:
                  plant-e: [carol, dave]
                """;
        // the lifecycle's own list is empty: the service takes the plant's list from the preferences file
        LifecycleSettings lifecycle = LifecycleSettings.DEFAULTS
                .withFleetingHold(Duration.ZERO)
                .withEscalation(Duration.ofSeconds(5), List.of());
        try (AlertingService service = AlertingService.start(settings(plant, dir.resolve("state"), lifecycle, prefs))) {
            candidates.send(plant, "pump-1", "RAISED", 500, T);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mailsTo("erin@plant-e.example").size() == 1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> mailsTo("carol@plant-e.example").size() == 1);
            assertThat(mailsTo("dave@plant-e.example"))
                    .as("not before his turn")
                    .isEmpty();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> mailsTo("dave@plant-e.example").size() == 1);
            Thread.sleep(6000); // the list is exhausted: nobody else, nothing twice
            assertThat(mailsTo("carol@plant-e.example")).hasSize(1);
            assertThat(mailsTo("dave@plant-e.example")).hasSize(1);
            assertThat(mailsTo("erin@plant-e.example"))
                    .as("escalations go to the named person only")
                    .hasSize(1);
            MimeMessage toCarol = mailsTo("carol@plant-e.example").get(0);
            assertThat(toCarol.getSubject()).contains("Escalated to you");
            List<CloudEvent> escalations = candidates.events(plant).stream()
                    .filter(e -> e.getType().equals("io.pdm.alert.escalated"))
                    .toList();
            assertThat(escalations).hasSize(2);
            assertThat(keys(List.of(toCarol)))
                    .containsExactly(escalations.get(0).getId());
        }
    }

    @Test
    void aChangedEscalationListTakesEffectWithoutARestartAndOneNamingAStrangerIsRefused() throws Exception {
        String plant = "plant-x";
        kafka.createTopics(1, Topics.alerts(plant), Topics.alertCommands(plant), Topics.maintenanceEvents(plant));
        String users = """
                users:
                  - {name: carol, email: carol@plant-x.example, plants: [plant-z]}
                  - {name: dave, email: dave@plant-x.example, plants: [plant-z]}
                escalation:
                """;
        LifecycleSettings lifecycle = LifecycleSettings.DEFAULTS
                .withFleetingHold(Duration.ZERO)
                .withEscalation(Duration.ofSeconds(3), List.of());
        AlertingSettings settings = settings(plant, dir.resolve("state-x"), lifecycle, users + "  plant-x: [carol]\n");
        Path file = settings.notifications().preferences();
        try (AlertingService service = AlertingService.start(settings)) {
            PreferencesReload reload = service.notifications().orElseThrow().reload();
            candidates.send(plant, "pump-1", "RAISED", 500, T);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mailsTo("carol@plant-x.example").size() == 1);

            // the list is exhausted; dave is added while the service runs: the alert, still unacknowledged, goes on
            Files.writeString(file, users + "  plant-x: [carol, dave]\n");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mailsTo("dave@plant-x.example").size() == 1);
            assertThat(reload.reloads()).isEqualTo(1);

            // a list naming someone who is not a user: refused and counted, the list in force stays
            Files.writeString(file, users + "  plant-x: [carol, mallory]\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> reload.refusals() == 1);
            candidates.send(plant, "pump-2", "RAISED", 500, T.plusSeconds(60));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> mailsTo("dave@plant-x.example").size() == 2);
            List<String> escalatedTo = candidates.events(plant).stream()
                    .filter(e -> e.getType().equals("io.pdm.alert.escalated"))
                    .map(e -> e.getSubject() + " "
                            + new String(e.getData().toBytes(), StandardCharsets.UTF_8)
                                    .replaceAll(".*\"escalatedTo\":\"([a-z]+)\".*", "$1"))
                    .toList();
            assertThat(escalatedTo).containsExactly("pump-1 carol", "pump-1 dave", "pump-2 carol", "pump-2 dave");
            assertThat(mailsTo("carol@plant-x.example")).hasSize(2);
        }
    }

    @Test
    void anEventsOffsetIsCommittedOnlyOnceItsDeliveryHasEnded() throws Exception {
        String plant = "plant-s";
        String prefs = """
                users:
                  - name: ops
                    plants: [plant-s]
                    webhooks: [{name: slow-hook, url: "%s"}]
                """.formatted(hook.url("/slow/plant-s"));
        LifecycleSettings lifecycle = LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO);
        try (AlertingService service = AlertingService.start(settings(plant, dir.resolve("state"), lifecycle, prefs))) {
            assertThat(committed(plant))
                    .as("a new group starts at the end and commits it")
                    .isZero();
            candidates.send(plant, "pump-1", "RAISED", 700, T);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !hooks("/slow/plant-s").isEmpty());
            Thread.sleep(1500); // the loop goes on polling and committing meanwhile
            assertThat(committed(plant))
                    .as("the event's delivery is under way: not committed")
                    .isZero();
            hook.gate.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(plant) == 1);
            assertThat(hooks("/slow/plant-s")).hasSize(1);
        }
    }

    /** The dispatcher's committed offsets, summed over the partitions of the plant's event topic. */
    static long committed(String plant) throws Exception {
        try (Admin admin = kafka.admin()) {
            return admin
                    .listConsumerGroupOffsets(NotificationDispatcher.groupId(plant))
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .values()
                    .stream()
                    .filter(java.util.Objects::nonNull)
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }

    static List<MimeMessage> mailsTo(String address) {
        return smtp.receivedFor(address);
    }

    static List<Hook.Request> hooks(String path) {
        return hook.requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    static List<String> keys(List<MimeMessage> mails) throws Exception {
        List<String> keys = new ArrayList<>();
        for (MimeMessage m : mails) keys.add(m.getHeader(EmailSender.KEY_HEADER, null));
        return keys;
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(MimeMessage m) throws Exception {
        var multipart = (jakarta.mail.internet.MimeMultipart) m.getContent();
        return (String) multipart.getBodyPart(0).getContent();
    }

    /** Moves the dispatcher's committed offsets back to the start, as a crash before any commit would leave them. */
    static void rewindNotifications(String plant) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                start.put(new TopicPartition(Topics.maintenanceEvents(plant), p), new OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets(NotificationDispatcher.groupId(plant), start)
                    .all()
                    .get();
        }
    }
}
