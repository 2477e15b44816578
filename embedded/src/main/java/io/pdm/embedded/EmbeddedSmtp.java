package io.pdm.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real SMTP server in this JVM, and an IMAP server to read what it received: GreenMail's standalone server on
 * 127.0.0.1, each on a free port. Every address it receives for gets a mailbox (login and password: the address,
 * unless {@link #mailbox} set others). For {@code pdm demo} (its notifications go here) and integration tests.
 */
public final class EmbeddedSmtp implements AutoCloseable {
    public static final String HOST = "127.0.0.1";

    private final GreenMail mail;

    private EmbeddedSmtp(GreenMail mail) {
        this.mail = mail;
    }

    /** Starts SMTP and IMAP on free loopback ports. */
    public static EmbeddedSmtp start() {
        GreenMail mail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTP).dynamicPort(),
            new ServerSetup(0, HOST, ServerSetup.PROTOCOL_IMAP).dynamicPort()
        });
        mail.start();
        return new EmbeddedSmtp(mail);
    }

    public int smtpPort() {
        return mail.getSmtp().getPort();
    }

    public int imapPort() {
        return mail.getImap().getPort();
    }

    /** A mailbox with its own IMAP login, before mail arrives for it. */
    public void mailbox(String address, String login, String password) {
        mail.setUser(address, login, password);
    }

    /** Every message received so far, one per recipient, in arrival order. */
    public List<MimeMessage> received() {
        return Arrays.asList(mail.getReceivedMessages());
    }

    /** The messages received for one address. */
    public List<MimeMessage> receivedFor(String address) {
        return received().stream().filter(m -> addressedTo(m, address)).toList();
    }

    /** Waits until at least {@code count} messages arrived in all; false on timeout. */
    public boolean await(int count, Duration timeout) {
        return mail.waitForIncomingEmail(timeout.toMillis(), count);
    }

    private static boolean addressedTo(MimeMessage m, String address) {
        try {
            var to = m.getRecipients(Message.RecipientType.TO);
            return to != null
                    && Stream.of(to)
                            .anyMatch(a -> a instanceof InternetAddress i && address.equalsIgnoreCase(i.getAddress()));
        } catch (MessagingException e) {
            return false;
        }
    }

    @Override
    public void close() {
        mail.stop();
    }
}
