package io.pdm.alerting.notify.channel;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The SMTP relay notifications are sent through.
 *
 * @param host relay host
 * @param port relay port (25, 587 for STARTTLS, 465 for TLS)
 * @param security NONE (a relay on a trusted network, tests), STARTTLS (required, not opportunistic) or TLS
 * @param username login, or null for none
 * @param password password, or null
 * @param from sender, e.g. {@code pdm alerts <alerts@plant.example>}; its domain also ends every Message-ID
 * @param timeout connect, read and write timeout of one attempt
 */
public record SmtpSettings(
        String host, int port, Security security, String username, String password, String from, Duration timeout) {
    /** Transport security. */
    public enum Security {
        NONE,
        STARTTLS,
        TLS
    }

    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be 1–65535, was " + port);
        if (security == null) security = Security.STARTTLS;
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("username and password go together");
        }
        try {
            new InternetAddress(Objects.requireNonNull(from, "from"), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("from is not an address: " + from, e);
        }
        if (timeout == null) timeout = Duration.ofSeconds(30);
    }

    /** A relay without login or TLS (a local relay, or a test server). */
    public static SmtpSettings plain(String host, int port, String from) {
        return new SmtpSettings(host, port, Security.NONE, null, null, from, null);
    }
}
