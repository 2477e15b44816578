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

    /**
     * A refusal found only when a lazily read part of an input is read (a candidate's facts): unchecked because it
     * surfaces inside the rules; the topology turns it back into a dead letter before anything is written.
     */
    public static final class Late extends RuntimeException {
        private final Rejected why;

        public Late(Rejected why) {
            super(why.detail(), null, false, false);
            this.why = why;
        }

        public Rejected why() {
            return why;
        }
    }
}
