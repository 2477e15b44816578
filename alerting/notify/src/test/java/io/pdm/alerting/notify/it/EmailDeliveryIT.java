package io.pdm.alerting.notify.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.NotificationKind;
import io.pdm.alerting.notify.Notifier;
import io.pdm.alerting.notify.NotifierSettings;
import io.pdm.alerting.notify.Target;
import io.pdm.alerting.notify.channel.EmailSender;
import io.pdm.alerting.notify.channel.SmtpSettings;
import io.pdm.alerting.notify.delivery.DeliveryOutcome;
import io.pdm.alerting.notify.delivery.DeliveryOutcome.Status;
import io.pdm.alerting.notify.delivery.RetryPolicy;
import io.pdm.alerting.notify.prefs.PreferencesFile;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * E-mail end to end against GreenMail, a real SMTP server in the test JVM on a free port: the message as received
 * (Message-ID from the key, plain text with an HTML alternative), one mail for a notification sent twice, retries
 * while the relay is down, and no retry when the relay refuses the login.
 */
class EmailDeliveryIT {
    static final RetryPolicy FAST =
            new RetryPolicy(6, Duration.ofMillis(200), 2.0, 0.1, Duration.ofSeconds(2), Duration.ofSeconds(5));
    static final String PREFS = """
            users:
              - {name: alice, email: alice@plant-a.example, plants: [plant-a]}
              - {name: bob, email: bob@plant-a.example, plants: [plant-a], minSeverity: 800}
            """;

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("pdm", "secret"));

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Notifier notifier;

    @AfterEach
    void stop() {
        if (notifier != null) notifier.close();
    }

    Notifier notifier(SmtpSettings settings) throws Exception {
        notifier = new Notifier(
                PreferencesFile.parse(PREFS, "it.yaml", true),
                Map.of(Target.Channel.EMAIL, new EmailSender(settings)),
                NotifierSettings.defaults().withRetry(FAST),
                meters,
                Clock.systemUTC());
        return notifier;
    }

    static SmtpSettings relay(int port) {
        return new SmtpSettings(
                "127.0.0.1",
                port,
                SmtpSettings.Security.NONE,
                "pdm",
                "secret",
                "pdm alerts <alerts@pdm.example>",
                null);
    }

    static Notification notification(String key, int severity) {
        return Notification.of(
                key,
                "plant-a",
                "pump-3",
                severity,
                NotificationKind.RAISED,
                "Bearing wear rising",
                "Vibration 7.1 mm/s <high>\nAct within 3 days",
                URI.create("https://inbox.example/alerts/" + key),
                Instant.parse("2026-12-05T14:00:00Z"));
    }

    @Test
    void aMailHasTheKeysMessageIdAndPlainTextWithAnHtmlAlternative() throws Exception {
        EmailSender sender = new EmailSender(relay(smtp.getSmtp().getPort()));
        List<DeliveryOutcome> out = notifier(relay(smtp.getSmtp().getPort()))
                .send(notification("evt-1", 500))
                .get(30, TimeUnit.SECONDS);

        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Status.SENT);
            assertThat(o.delivery().user()).isEqualTo("alice"); // bob wants 800 and above
        });
        MimeMessage[] got = smtp.getReceivedMessages();
        assertThat(got).hasSize(1);
        MimeMessage m = got[0];
        assertThat(m.getMessageID()).isEqualTo(sender.messageId("evt-1")).endsWith("@pdm.example>");
        assertThat(m.getHeader(EmailSender.KEY_HEADER, null)).isEqualTo("evt-1");
        assertThat(m.getSubject()).isEqualTo("[MEDIUM 500] plant-a/pump-3: Bearing wear rising");
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("alice@plant-a.example");
        assertThat(m.getFrom()[0].toString()).isEqualTo("pdm alerts <alerts@pdm.example>");
        MimeMultipart parts = (MimeMultipart) m.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        // SMTP carries lines as CRLF
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                .contains("Vibration 7.1 mm/s <high>\nAct within 3 days")
                .contains("Open in the inbox: https://inbox.example/alerts/evt-1");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(1).getContent())
                .contains("Vibration 7.1 mm/s &lt;high&gt;<br>Act within 3 days")
                .contains("<a href=\"https://inbox.example/alerts/evt-1\">");
    }

    @Test
    void aNotificationSentTwiceIsOneMailPerAddress() throws Exception {
        Notifier n = notifier(relay(smtp.getSmtp().getPort()));
        List<DeliveryOutcome> first = n.send(notification("evt-2", 900)).get(30, TimeUnit.SECONDS);
        List<DeliveryOutcome> second = n.send(notification("evt-2", 900)).get(30, TimeUnit.SECONDS);

        assertThat(first).extracting(DeliveryOutcome::status).containsExactly(Status.SENT, Status.SENT);
        assertThat(second).extracting(DeliveryOutcome::status).containsExactly(Status.DUPLICATE, Status.DUPLICATE);
        assertThat(smtp.getReceivedMessages())
                .extracting(msg -> msg.getAllRecipients()[0].toString())
                .containsExactlyInAnyOrder("alice@plant-a.example", "bob@plant-a.example");
        assertThat(meters.find("pdm.notify.deliveries")
                        .tag("outcome", "duplicate")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void aRefusedLoginIsNotRetried() throws Exception {
        SmtpSettings wrong = new SmtpSettings(
                "127.0.0.1",
                smtp.getSmtp().getPort(),
                SmtpSettings.Security.NONE,
                "pdm",
                "wrong",
                "alerts@pdm.example",
                null);
        List<DeliveryOutcome> out =
                notifier(wrong).send(notification("evt-3", 500)).get(30, TimeUnit.SECONDS);
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Status.REJECTED);
            assertThat(o.attempts()).isEqualTo(1);
            assertThat(o.detail()).contains("login refused");
        });
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    /** The relay is down for the first attempts (connection refused) and comes up while the retries go on. */
    @Test
    void retriesWhileTheRelayIsDownAndDeliversOnceItIsUp() throws Exception {
        int port; // free now; another process could take it in the next 500 ms, but the OS hands out ports in turn
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        var delivered = notifier(relay(port)).send(notification("evt-4", 500));
        Thread.sleep(500); // attempts 1 and 2 (after ~200 ms) are refused
        GreenMail late = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        late.withConfiguration(GreenMailConfiguration.aConfig().withUser("pdm", "secret"));
        late.start();
        try {
            List<DeliveryOutcome> out = delivered.get(30, TimeUnit.SECONDS);
            assertThat(out).singleElement().satisfies(o -> {
                assertThat(o.status()).isEqualTo(Status.SENT);
                assertThat(o.attempts()).isBetween(2, FAST.maxAttempts());
            });
            assertThat(late.getReceivedMessages()).hasSize(1);
            assertThat(meters.find("pdm.notify.attempts")
                            .tag("result", "retryable")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(1);
        } finally {
            late.stop();
        }
    }
}
