package io.pdm.alerting.notify.prefs;

import java.io.IOException;

/**
 * A preferences file cannot be used: the message is {@code file#pointer: reason}, the pointer being the JSON pointer of
 * the offending value ({@code /users/2/quietHours/from}; empty for the whole document). Nothing of a refused file is
 * used: the previous preferences stay in force.
 */
public final class PreferencesException extends IOException {
    private final String source;
    private final String pointer;
    private final String reason;

    public PreferencesException(String source, String pointer, String reason) {
        super(source + "#" + pointer + ": " + reason);
        this.source = source;
        this.pointer = pointer;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public String pointer() {
        return pointer;
    }

    public String reason() {
        return reason;
    }
}
