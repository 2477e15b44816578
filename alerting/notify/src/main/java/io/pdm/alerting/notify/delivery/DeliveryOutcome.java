package io.pdm.alerting.notify.delivery;

import io.pdm.alerting.notify.Routing.Delivery;
import java.time.Duration;

/**
 * How one delivery ended.
 *
 * @param delivery the user and target
 * @param idempotencyKey the notification's key
 * @param status how it ended
 * @param attempts attempts made (0 for a duplicate or a delivery that got no rate-limit token)
 * @param took from the first attempt to the end, waits included
 * @param detail the last failure, or empty
 */
public record DeliveryOutcome(
        Delivery delivery, String idempotencyKey, Status status, int attempts, Duration took, String detail) {
    /** How a delivery ended. */
    public enum Status {
        /** The receiver accepted it. */
        SENT,
        /** Already sent (or being sent) to this receiver by this process: not sent again. */
        DUPLICATE,
        /** The receiver refused it for good (a 4xx other than 408/425/429, an SMTP 5xx, a refused login). */
        REJECTED,
        /** Every attempt failed with a retryable error. */
        GAVE_UP,
        /** No rate-limit token within the longest wait. */
        RATE_LIMITED
    }

    public boolean sent() {
        return status == Status.SENT;
    }
}
