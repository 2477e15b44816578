package io.pdm.alerting.notify.prefs;

import java.net.URI;
import java.util.Locale;

/**
 * A webhook a user (or a team channel) receives notifications on.
 *
 * @param name a name unique within the user, shown in metrics and logs instead of the URL (which often holds a secret)
 * @param url http or https URL
 * @param format the body it expects; generic when left out
 */
public record WebhookTarget(String name, URI url, WebhookFormat format) {
    public WebhookTarget {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new InvalidFieldException("/name", "must be 1–64 letters, digits, '_', '.' or '-', was " + name);
        }
        if (url == null) throw new InvalidFieldException("/url", "is required");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new InvalidFieldException("/url", "must be an absolute http(s) URL with a host, was " + url);
        }
        if (format == null) format = WebhookFormat.GENERIC;
    }
}
