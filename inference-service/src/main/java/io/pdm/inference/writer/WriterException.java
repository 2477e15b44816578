package io.pdm.inference.writer;

/** A writer could not produce a text (server down, malformed answer, model failure…); the cause says why. */
public class WriterException extends Exception {
    private static final long serialVersionUID = 1L;

    public WriterException(String message) {
        super(message);
    }

    public WriterException(String message, Throwable cause) {
        super(message, cause);
    }
}
