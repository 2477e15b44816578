package io.pdm.alerting.service.notify;

import io.pdm.alerting.notify.channel.SmtpSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The alerting service's notifications. Each setting has one name: the option {@code --notify-preferences}, the
 * environment variable {@code PDM_ALERTING_NOTIFY_PREFERENCES}, and so on (alerting/README.md lists them).
 *
 * @param preferences the users, their channels and the plants' escalation lists ({@code notification-preferences/v1},
 *     YAML or JSON); null turns notifications off
 * @param smtp the relay for e-mail; null: no e-mail channel (an e-mail delivery is then refused as not configured)
 * @param webhookTimeout connect and request timeout of one webhook attempt
 * @param inboxUrl the web inbox's base URL: each notification links to {@code {inboxUrl}/alerts/{fingerprint}}; null
 *     for no link
 */
public record NotifySettings(Path preferences, Smtp smtp, Duration webhookTimeout, URI inboxUrl) {
    public static final Duration DEFAULT_WEBHOOK_TIMEOUT = Duration.ofSeconds(10);

    /** No notifications. */
    public static final NotifySettings OFF = new NotifySettings(null, null, null, null);

    public NotifySettings {
        if (webhookTimeout == null) webhookTimeout = DEFAULT_WEBHOOK_TIMEOUT;
        if (webhookTimeout.isNegative() || webhookTimeout.isZero()) {
            throw new IllegalArgumentException("webhook timeout must be positive: " + webhookTimeout);
        }
        if (inboxUrl != null) {
            String scheme = inboxUrl.getScheme();
            if (!inboxUrl.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme))) {
                throw new IllegalArgumentException("inbox URL must be an absolute http(s) URL: " + inboxUrl);
            }
        }
    }

    public boolean enabled() {
        return preferences != null;
    }

    /** The inbox page of one alert, or null without an inbox URL. */
    public URI link(String fingerprint) {
        if (inboxUrl == null) return null;
        String base = inboxUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "alerts/" + fingerprint);
    }

    /**
     * The SMTP relay, with the password as a file name (a secret is never an option value nor in a settings record's
     * {@code toString}); read once at start by {@link #settings()}.
     *
     * @param security NONE, STARTTLS (required, not opportunistic) or TLS
     * @param username login, or null for none (then no password file either)
     * @param from sender address, e.g. {@code pdm alerts <alerts@plant.example>}
     */
    public record Smtp(
            String host,
            int port,
            SmtpSettings.Security security,
            String username,
            Path passwordFile,
            String from,
            Duration timeout) {
        public static final int DEFAULT_PORT = 587;

        public Smtp {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("SMTP host is required");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("SMTP port must be 1–65535: " + port);
            if (security == null) security = SmtpSettings.Security.STARTTLS;
            if (username != null && username.isBlank()) username = null;
            if ((username == null) != (passwordFile == null)) {
                throw new IllegalArgumentException("SMTP user and password file go together");
            }
            if (from == null || from.isBlank()) {
                throw new IllegalArgumentException("the sender address (SMTP from) is required with an SMTP host");
            }
            if (timeout == null) timeout = Duration.ofSeconds(30);
        }

        /** A relay without login or TLS (a local relay, the demo's). */
        public static Smtp plain(String host, int port, String from) {
            return new Smtp(host, port, SmtpSettings.Security.NONE, null, null, from, null);
        }

        /** The library's settings, with the password read from its file (trailing line breaks dropped). */
        public SmtpSettings settings() throws IOException {
            String password = null;
            if (passwordFile != null) {
                try {
                    password = Files.readString(passwordFile, StandardCharsets.UTF_8)
                            .strip();
                } catch (IOException e) {
                    throw new IOException("SMTP password file " + passwordFile + " cannot be read: " + e, e);
                }
                if (password.isEmpty()) throw new IOException("SMTP password file " + passwordFile + " is empty");
            }
            return new SmtpSettings(host, port, security, username, password, from, timeout);
        }

        @Override
        public String toString() {
            return host + ":" + port + " (" + security + (username == null ? "" : ", user " + username) + ")";
        }
    }

    public NotifySettings withInboxUrl(URI url) {
        return new NotifySettings(preferences, smtp, webhookTimeout, url);
    }

    public static NotifySettings of(Path preferences, Smtp smtp) {
        return new NotifySettings(Objects.requireNonNull(preferences, "preferences"), smtp, null, null);
    }
}
