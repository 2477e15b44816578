package io.pdm.federated.aggregator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;

/**
 * The plants' CA's certificate revocation list, checked on every request (Tomcat's TLS layer would only read it
 * at start-up) and re-read whenever the file changes, so revoking a plant needs no restart.
 */
final class RevocationList {

    private final Path file;
    private FileTime loadedModified;
    private X509CRL crl;

    RevocationList(Path file) {
        this.file = file;
    }

    synchronized boolean isRevoked(X509Certificate certificate) {
        if (file == null) {
            return false;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(loadedModified)) {
                try (InputStream in = Files.newInputStream(file)) {
                    crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
                }
                loadedModified = modified;
            }
        } catch (IOException | CRLException | CertificateException e) {
            // fail closed: without a readable CRL nobody can prove they are not revoked
            throw new IllegalStateException("cannot read the CRL " + file, e);
        }
        return crl.isRevoked(certificate);
    }
}
