package io.pdm.alerting.inbox.board;

import io.pdm.schemas.alerting.AlertState;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The state filter of the alert list, in the words an engineer uses. Open means not closed (see
 * {@link AlertState#closed()}); every filter but {@link #CLOSED} and {@link #ALL} selects open alerts only.
 */
public enum StateFilter {
    ALL(a -> true),
    OPEN(a -> !a.closed()),
    ACTIVE(a -> !a.closed() && a.active()),
    UNACKNOWLEDGED(a -> !a.closed() && !a.acknowledged()),
    ACKNOWLEDGED(a -> !a.closed() && a.acknowledged()),
    SHELVED(a -> !a.closed() && a.shelved()),
    SUPPRESSED(a -> !a.closed() && a.suppressed()),
    CLOSED(AlertState::closed);

    private final Predicate<AlertState> test;

    StateFilter(Predicate<AlertState> test) {
        this.test = test;
    }

    public boolean matches(AlertState alert) {
        return test.test(alert);
    }

    /** Parses {@code active}, {@code unacknowledged}, … (any case); a blank value is {@link #ALL}. */
    public static StateFilter parse(String value) {
        if (value == null || value.isBlank()) return ALL;
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be one of all, open, active, unacknowledged, acknowledged,"
                    + " shelved, suppressed, closed; was '" + value + "'");
        }
    }
}
