package io.pdm.federated.plant;

import io.pdm.federated.protocol.RejectionReason;

/**
 * The aggregator refuses the plant itself (HTTP 401 or 403: a revoked or unregistered certificate, a key not bound to
 * it), so waiting for its rounds would never end. Carries the refusal's status and reason for the operator.
 */
public final class PlantRefusedException extends IllegalStateException {

    private final int status;
    private final RejectionReason reason;

    PlantRefusedException(String plant, int status, RejectionReason reason, String detail, Throwable cause) {
        super(
                "the aggregator refuses plant " + plant + " (HTTP " + status
                        + (reason == null ? "" : ", " + reason.slug()) + "): " + detail,
                cause);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    /** Null when the refusal was not one of the protocol's problem types. */
    public RejectionReason reason() {
        return reason;
    }
}
