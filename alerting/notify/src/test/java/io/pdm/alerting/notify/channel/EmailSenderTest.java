package io.pdm.alerting.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.NotificationKind;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.time.Instant;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** Which SMTP failures are worth another attempt, and the message as composed (no server needed). */
class EmailSenderTest {
    static final EmailSender SENDER = new EmailSender(SmtpSettings.plain("127.0.0.1", 25, "alerts@pdm.example"));

    @Test
    void smtp5xxAndARefusedLoginAreFinalEverythingElseIsRetried() {
        SMTPSendFailedException mailboxFull =
                new SMTPSendFailedException("DATA", 552, "552 mailbox full", null, null, null, null);
        assertThat(EmailSender.classify(new SendFailedException("send failed", mailboxFull))
                        .retryable())
                .isFalse();
        SMTPSendFailedException greylisted =
                new SMTPSendFailedException("RCPT", 451, "451 try again later", null, null, null, null);
        assertThat(EmailSender.classify(greylisted).retryable()).isTrue();
        assertThat(EmailSender.classify(new AuthenticationFailedException("535"))
                        .retryable())
                .isFalse();
        assertThat(EmailSender.classify(new MessagingException("connect", new ConnectException("refused")))
                        .retryable())
                .isTrue();
    }

    @Test
    void theMessageIdDependsOnTheKeyOnlyAndSurvivesSaveChanges() throws Exception {
        Notification n = Notification.of(
                "evt-1/with spaces<>",
                "plant-a",
                "pump-3",
                350,
                NotificationKind.RENOTIFY,
                "Still high",
                "",
                null,
                Instant.parse("2026-12-05T14:00:00Z"));
        MimeMessage m = SENDER.compose(n, "a@x.example");
        m.saveChanges(); // Jakarta Mail would put a random id here
        assertThat(m.getMessageID())
                .isEqualTo(SENDER.messageId("evt-1/with spaces<>"))
                .matches("<[0-9a-f]{32}@pdm\\.example>");
        assertThat(SENDER.messageId("evt-2")).isNotEqualTo(m.getMessageID());
        assertThat(m.getSubject()).isEqualTo("[LOW 350] plant-a/pump-3: Still high");
        assertThatThrownBy(() -> SmtpSettings.plain("h", 25, "not an address"))
                .hasMessageContaining("from is not an address");
    }
}
