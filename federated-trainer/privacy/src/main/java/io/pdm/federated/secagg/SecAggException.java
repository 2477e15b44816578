package io.pdm.federated.secagg;

/** The protocol cannot continue: a message is malformed, out of order or fails authentication. */
public class SecAggException extends RuntimeException {

    public SecAggException(String message) {
        super(message);
    }

    public SecAggException(String message, Throwable cause) {
        super(message, cause);
    }
}
