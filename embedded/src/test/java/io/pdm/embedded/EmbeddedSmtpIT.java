package io.pdm.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A mail sent over real SMTP lands in its mailbox and is read back over real IMAP with the mailbox's login. */
class EmbeddedSmtpIT {
    @Test
    void aMailSentOverSmtpIsReadOverImapAndCountedPerAddress() throws Exception {
        try (EmbeddedSmtp smtp = EmbeddedSmtp.start()) {
            assertThat(smtp.smtpPort()).isPositive().isNotEqualTo(smtp.imapPort());
            smtp.mailbox("engineer-a@pdm.example", "engineer-a", "demo");
            Properties p = new Properties();
            p.put("mail.smtp.host", EmbeddedSmtp.HOST);
            p.put("mail.smtp.port", String.valueOf(smtp.smtpPort()));
            Session session = Session.getInstance(p);
            for (String to : new String[] {"engineer-a@pdm.example", "a@pdm.example"}) {
                MimeMessage m = new MimeMessage(session);
                m.setFrom(new InternetAddress("alerts@pdm.example"));
                m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
                m.setSubject("[HIGH 700] plant-a/pump-1: bearing wear");
                m.setText("About 96 h of life left.");
                Transport.send(m);
            }
            assertThat(smtp.await(2, Duration.ofSeconds(10))).isTrue();
            assertThat(smtp.received()).hasSize(2);
            assertThat(smtp.receivedFor("engineer-a@pdm.example"))
                    .as("the whole address, not a suffix of it")
                    .hasSize(1);
            Store store = session.getStore("imap");
            store.connect(EmbeddedSmtp.HOST, smtp.imapPort(), "engineer-a", "demo");
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                assertThat(inbox.getMessageCount()).isEqualTo(1);
                assertThat(inbox.getMessage(1).getSubject()).isEqualTo("[HIGH 700] plant-a/pump-1: bearing wear");
                inbox.close(false);
            } finally {
                store.close();
            }
        }
    }
}
