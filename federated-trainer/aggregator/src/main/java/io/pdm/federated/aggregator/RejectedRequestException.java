package io.pdm.federated.aggregator;

import io.pdm.federated.protocol.RejectionReason;

/** A request refused for a stated reason; answered as an RFC 9457 problem and counted. */
public final class RejectedRequestException extends RuntimeException {

    private final RejectionReason reason;

    public RejectedRequestException(RejectionReason reason, String detail) {
        super(detail, null, false, false); // control flow, not a bug: no stack trace
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
