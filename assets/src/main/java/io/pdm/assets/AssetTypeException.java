package io.pdm.assets;

import java.io.IOException;

/**
 * An asset-type (or mapping) file cannot be used: the message is {@code file#pointer: reason}, the pointer being
 * the JSON pointer of the offending value ({@code /channels/2/unit}; empty for the whole document).
 */
public final class AssetTypeException extends IOException {
    private final String source;
    private final String pointer;
    private final String reason;

    public AssetTypeException(String source, String pointer, String reason) {
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
