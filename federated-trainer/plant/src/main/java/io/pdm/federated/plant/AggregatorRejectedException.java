package io.pdm.federated.plant;

import io.pdm.federated.protocol.RejectionReason;

/** The aggregator refused a request with an RFC 9457 problem; {@link #reason()} is its problem type. */
public final class AggregatorRejectedException extends RuntimeException {

    private final int status;
    private final RejectionReason reason;

    public AggregatorRejectedException(int status, RejectionReason reason, String detail) {
        super(status + " " + (reason == null ? "" : reason.slug() + ": ") + detail);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    /** Null when the answer was not one of the protocol's problem types (e.g. a proxy error). */
    public RejectionReason reason() {
        return reason;
    }
}
