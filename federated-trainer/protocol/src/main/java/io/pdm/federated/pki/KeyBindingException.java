package io.pdm.federated.pki;

/** Secure-aggregation keys that are not bound to the plant they claim to be from (see {@link KeyBinding}). */
public final class KeyBindingException extends RuntimeException {

    public KeyBindingException(String message) {
        super(message);
    }

    public KeyBindingException(String message, Throwable cause) {
        super(message, cause);
    }
}
