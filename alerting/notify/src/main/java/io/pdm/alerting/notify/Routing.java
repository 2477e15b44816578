package io.pdm.alerting.notify;

import java.util.List;

/**
 * What the router decided for one notification.
 *
 * @param notification the notification
 * @param deliveries one per distinct target (two users sharing a team webhook make one delivery, to the first user
 *     in file order)
 * @param skipped the users who are not told, and why
 */
public record Routing(Notification notification, List<Delivery> deliveries, List<Skip> skipped) {
    public Routing {
        deliveries = List.copyOf(deliveries);
        skipped = List.copyOf(skipped);
    }

    /** One target to send to, on behalf of one user. */
    public record Delivery(String user, Target target) {}

    /** A user who is not told, and why. */
    public record Skip(String user, Reason reason) {}

    /** Why a user is not told. */
    public enum Reason {
        /** The notification names its recipients and this user is not one of them. */
        NOT_A_RECIPIENT,
        /** The notification names a user the preferences do not know. */
        UNKNOWN_USER,
        /** The user does not follow the plant. */
        PLANT,
        /** The severity is below the user's minimum. */
        SEVERITY,
        /** Quiet hours in the user's time zone, and the notification is not let through. */
        QUIET_HOURS,
        /** The user was told about the same asset within the silent period. */
        SILENT_PERIOD
    }
}
