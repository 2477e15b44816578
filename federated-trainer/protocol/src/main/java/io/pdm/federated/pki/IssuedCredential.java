package io.pdm.federated.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** A certificate, its private key and the chain up to (and including) the issuing CA, leaf first. */
public record IssuedCredential(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {

    public IssuedCredential {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
            throw new IllegalArgumentException("chain must start with the certificate");
        }
    }
}
