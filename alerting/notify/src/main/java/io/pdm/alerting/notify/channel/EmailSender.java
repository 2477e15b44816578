package io.pdm.alerting.notify.channel;

import io.pdm.alerting.notify.Notification;
import io.pdm.alerting.notify.Target;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * E-mail through an SMTP relay (Jakarta Mail, Angus): one message per address, plain text with a simple HTML
 * alternative. The Message-ID is derived from the idempotency key, so a message sent again after a restart carries
 * the same Message-ID and mail systems that deduplicate by it show it once.
 */
public final class EmailSender implements Sender {
    /** The idempotency key as a header too, for filters and for a person reading the source. */
    public static final String KEY_HEADER = "X-PDM-Idempotency-Key";

    private final SmtpSettings settings;
    private final Session session;
    private final InternetAddress from;
    private final String domain;

    public EmailSender(SmtpSettings settings) {
        this.settings = settings;
        this.session = Session.getInstance(properties(settings));
        try {
            this.from = new InternetAddress(settings.from(), true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("from is not an address: " + settings.from(), e);
        }
        String address = from.getAddress();
        this.domain = address.substring(address.indexOf('@') + 1);
    }

    private static Properties properties(SmtpSettings s) {
        Properties p = new Properties();
        String millis = String.valueOf(s.timeout().toMillis());
        String prefix = s.security() == SmtpSettings.Security.TLS ? "mail.smtps." : "mail.smtp.";
        p.put("mail.transport.protocol", s.security() == SmtpSettings.Security.TLS ? "smtps" : "smtp");
        p.put(prefix + "host", s.host());
        p.put(prefix + "port", String.valueOf(s.port()));
        p.put(prefix + "connectiontimeout", millis);
        p.put(prefix + "timeout", millis);
        p.put(prefix + "writetimeout", millis);
        p.put(prefix + "auth", String.valueOf(s.username() != null));
        if (s.security() == SmtpSettings.Security.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true"); // never fall back to plain text silently
        }
        if (s.security() != SmtpSettings.Security.NONE) p.put(prefix + "ssl.checkserveridentity", "true");
        return p;
    }

    /** {@code <32 hex digits of SHA-256(key)@from's domain>}: stable per key, valid whatever the key holds. */
    public String messageId(String idempotencyKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@" + domain + ">";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public void send(Notification n, Target target) throws DeliveryException {
        try {
            MimeMessage message = compose(n, target.address());
            if (settings.username() != null) Transport.send(message, settings.username(), settings.password());
            else Transport.send(message);
        } catch (MessagingException e) {
            throw classify(e);
        }
    }

    MimeMessage compose(Notification n, String to) throws MessagingException {
        String id = messageId(n.idempotencyKey());
        // MimeMessage replaces Message-ID on saveChanges(); keep ours.
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        m.setFrom(from);
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        m.setSubject(subject(n), "UTF-8");
        m.setSentDate(Date.from(n.occurredAt()));
        m.setHeader(KEY_HEADER, n.idempotencyKey());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(MessageText.plain(n), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(MessageText.html(n), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative"); // plain first: the last part is preferred
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        m.setContent(alternative);
        m.saveChanges();
        return m;
    }

    static String subject(Notification n) {
        return "[" + n.band() + " " + n.severity() + "] " + n.plant() + "/" + n.asset() + ": " + n.title();
    }

    /**
     * SMTP 5xx replies and a refused login will not get better by trying again; 4xx replies, refused connections and
     * timeouts may.
     */
    static DeliveryException classify(MessagingException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            int code = -1;
            if (t instanceof SMTPSendFailedException s) code = s.getReturnCode();
            else if (t instanceof SMTPAddressFailedException s) code = s.getReturnCode();
            else if (t instanceof SMTPSenderFailedException s) code = s.getReturnCode();
            else if (t instanceof AuthenticationFailedException) {
                return DeliveryException.permanent("SMTP login refused: " + t.getMessage(), e);
            }
            if (code >= 500) return DeliveryException.permanent("SMTP " + code + ": " + t.getMessage(), e);
        }
        return DeliveryException.retryable("SMTP: " + e.getMessage(), null, e);
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
