package io.pdm.alerting.notify.prefs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalTime;

/**
 * Hours of the user's day (in the user's time zone) when notifications are held back.
 *
 * @param from start, inclusive ("22:00")
 * @param to end, exclusive ("06:30"); before {@code from} means the period spans midnight
 * @param allow what still goes through: {@code critical} (severity band critical, 800–1000; the default, so a
 *     failure about to happen still wakes someone) or {@code none}
 */
public record QuietHours(LocalTime from, LocalTime to, Allow allow) {
    /** What still goes through during quiet hours. */
    public enum Allow {
        @JsonProperty("critical")
        CRITICAL,
        @JsonProperty("none")
        NONE
    }

    public QuietHours {
        if (from == null) throw new InvalidFieldException("/from", "is required (HH:mm)");
        if (to == null) throw new InvalidFieldException("/to", "is required (HH:mm)");
        if (from.getSecond() != 0 || from.getNano() != 0) throw new InvalidFieldException("/from", "must be HH:mm");
        if (to.getSecond() != 0 || to.getNano() != 0) throw new InvalidFieldException("/to", "must be HH:mm");
        if (from.equals(to))
            throw new InvalidFieldException("/to", "equals from: an empty period; leave quietHours out");
        if (allow == null) allow = Allow.CRITICAL;
    }

    /** Whether the local time of day falls in the quiet period. */
    public boolean contains(LocalTime time) {
        return from.isBefore(to)
                ? !time.isBefore(from) && time.isBefore(to)
                : !time.isBefore(from) || time.isBefore(to); // spans midnight
    }
}
