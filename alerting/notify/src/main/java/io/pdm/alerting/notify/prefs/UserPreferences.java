package io.pdm.alerting.notify.prefs;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one person (or a team channel, which is a "user" with only a webhook) wants to be told.
 *
 * @param name unique user name, as escalation lists and targeted notifications name people
 * @param email address for e-mail, or null for none
 * @param zone the user's time zone, in which quiet hours are read; UTC when left out
 * @param plants plant ids the user follows; {@code "*"} follows every plant
 * @param minSeverity lowest severity (1–1000) the user is told about; 1 when left out
 * @param quietHours hours when only what {@link QuietHours#allow()} lets through is sent; null for none
 * @param silentPeriod after a notification about an asset, further ones about the same asset are held back this
 *     long (zero, the default, for none); a notification addressed to the user by name is never held back by it
 * @param webhooks webhook targets; empty when left out
 */
public record UserPreferences(
        String name,
        String email,
        ZoneId zone,
        List<String> plants,
        Integer minSeverity,
        QuietHours quietHours,

        @JsonDeserialize(using = DurationText.Deserializer.class)
        Duration silentPeriod,

        List<WebhookTarget> webhooks) {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");
    static final Pattern PLANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    // A sanity check that catches typos (no '@', spaces), not RFC 5322: the SMTP server has the last word.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    public static final String ALL_PLANTS = "*";

    public UserPreferences {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidFieldException("/name", "must be 1–64 letters, digits, '_', '.', '@' or '-', was " + name);
        }
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw new InvalidFieldException("/email", "not an e-mail address: '" + email + "'");
        }
        if (zone == null) zone = ZoneOffset.UTC;
        if (plants == null || plants.isEmpty()) {
            throw new InvalidFieldException("/plants", "is required: plant ids, or \"*\" for every plant");
        }
        for (int i = 0; i < plants.size(); i++) {
            String p = plants.get(i);
            if (p == null || !(p.equals(ALL_PLANTS) || PLANT.matcher(p).matches())) {
                throw new InvalidFieldException(
                        "/plants/" + i, "not a plant id (lower-case letters, digits, '-', '_') or \"*\": " + p);
            }
        }
        plants = List.copyOf(plants);
        if (minSeverity == null) minSeverity = 1;
        if (minSeverity < 1 || minSeverity > 1000) {
            throw new InvalidFieldException("/minSeverity", "must be 1–1000, was " + minSeverity);
        }
        if (silentPeriod == null) silentPeriod = Duration.ZERO;
        if (silentPeriod.isNegative()) throw new InvalidFieldException("/silentPeriod", "must not be negative");
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < webhooks.size(); i++) {
            if (!names.add(webhooks.get(i).name())) {
                throw new InvalidFieldException(
                        "/webhooks/" + i + "/name",
                        "duplicate webhook name '" + webhooks.get(i).name() + "'");
            }
        }
        if (email == null && webhooks.isEmpty()) {
            throw new InvalidFieldException("", "user '" + name + "' has no channel: give an email or webhooks");
        }
    }

    /** Whether the user follows the plant. */
    public boolean follows(String plant) {
        return plants.contains(ALL_PLANTS) || plants.contains(plant);
    }
}
