package io.pdm.alerting.inbox.board;

import java.time.Duration;

/**
 * How much the inbox keeps in view: closed alerts for {@code closedFor} after they closed, and at most
 * {@code maxAlerts} alerts in all (the oldest closed ones go first; open alerts are never dropped, an engineer must
 * see every one of them).
 */
public record Retention(Duration closedFor, int maxAlerts) {
    public static final Retention DEFAULT = new Retention(Duration.ofDays(7), 10_000);

    public Retention {
        if (closedFor == null || closedFor.isNegative()) {
            throw new IllegalArgumentException("the retention of closed alerts must be >= 0, was " + closedFor);
        }
        if (maxAlerts < 1) throw new IllegalArgumentException("the maximum of alerts must be >= 1, was " + maxAlerts);
    }
}
