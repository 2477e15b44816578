package io.pdm.model.life;

/**
 * Refused: an input, adapter or setting does not match the protocol a base model was trained with (its channels,
 * window, normalisation, weights). The message says what differs; nothing is scored with a mismatched input.
 */
public final class ProtocolMismatchException extends IllegalArgumentException {
    public ProtocolMismatchException(String reason) {
        super(reason);
    }

    public ProtocolMismatchException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
