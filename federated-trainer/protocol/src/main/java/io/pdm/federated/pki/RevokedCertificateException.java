package io.pdm.federated.pki;

import java.security.cert.CertificateException;

/**
 * A peer's certificate is refused by {@link RevocationCheck}: the CRL lists it ({@link #revoked()}), or its status
 * cannot be established (unreadable, expired or foreign CRL). A {@link CertificateException}, so a TLS trust
 * manager can throw it and the handshake fails with this message.
 */
public final class RevokedCertificateException extends CertificateException {

    private final boolean revoked;

    public RevokedCertificateException(boolean revoked, String message, Throwable cause) {
        super(message, cause);
        this.revoked = revoked;
    }

    /** True when the CRL lists the certificate; false when its status could not be established. */
    public boolean revoked() {
        return revoked;
    }
}
