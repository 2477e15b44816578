package io.pdm.inference.scoring;

/** An announced adapter version that must not serve, with the reason (base hash, shape, smoke prediction). */
public class RefusedVersionException extends Exception {
    public RefusedVersionException(String reason) {
        super(reason);
    }

    public RefusedVersionException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
