package io.pdm.alerting.notify;

import io.pdm.alerting.notify.prefs.WebhookFormat;
import java.util.Objects;

/**
 * Where one delivery goes.
 *
 * @param channel e-mail or webhook
 * @param address the e-mail address, or the webhook URL
 * @param name what metrics and logs show: {@code email} or the webhook's name (its URL often holds a secret)
 * @param format the webhook body; null for e-mail
 */
public record Target(Channel channel, String address, String name, WebhookFormat format) {
    /** The kinds of channel. */
    public enum Channel {
        EMAIL,
        WEBHOOK
    }

    public Target {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
        if (channel == Channel.WEBHOOK) Objects.requireNonNull(format, "format of a webhook");
    }

    public static Target email(String address) {
        return new Target(Channel.EMAIL, address, "email", null);
    }

    public static Target webhook(String name, String url, WebhookFormat format) {
        return new Target(Channel.WEBHOOK, url, name, format);
    }

    /**
     * The key of this receiver in the dedup memory and the per-channel rate limit: e-mail is limited per SMTP
     * relay (one limiter for all addresses) but deduplicated per address; a webhook per URL for both.
     */
    public String receiverKey() {
        return channel == Channel.EMAIL ? "email:" + address : "webhook:" + address;
    }
}
