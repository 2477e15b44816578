package io.pdm.alerting.lifecycle;

/** An input the lifecycle refuses, with a reason code and a detail naming what is wrong. */
public final class Rejected extends Exception {
    private final RejectReason reason;

    public Rejected(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
