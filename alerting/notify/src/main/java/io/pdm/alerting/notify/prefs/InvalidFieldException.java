package io.pdm.alerting.notify.prefs;

/** A value of a preferences document is invalid; {@link #pointer()} is relative to the object being built. */
final class InvalidFieldException extends IllegalArgumentException {
    private final String pointer;
    private final String reason;

    InvalidFieldException(String pointer, String reason) {
        super(pointer + ": " + reason);
        this.pointer = pointer;
        this.reason = reason;
    }

    String pointer() {
        return pointer;
    }

    String reason() {
        return reason;
    }
}
