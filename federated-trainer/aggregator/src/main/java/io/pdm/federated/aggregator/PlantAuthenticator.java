package io.pdm.federated.aggregator;

import io.pdm.federated.pki.PlantIdentity;
import io.pdm.federated.pki.RevocationCheck;
import io.pdm.federated.pki.RevokedCertificateException;
import io.pdm.federated.protocol.RejectionReason;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * Binds a request to a plant by its TLS client certificate. Tomcat already required a certificate chaining to
 * the plants' CA (client-auth need); here it must also pass the CRL on every request ({@link RevocationCheck}:
 * Tomcat's TLS layer would read a CRL only at start-up, and this one is re-read when the file changes, so revoking a
 * plant needs no restart), name exactly one plant, and that plant must be registered.
 */
final class PlantAuthenticator {

    private static final String CERTIFICATES_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final Set<String> plants;
    private final RevocationCheck revocation;

    PlantAuthenticator(Set<String> plants, RevocationCheck revocation) {
        this.plants = Set.copyOf(plants);
        this.revocation = revocation;
    }

    /** The client certificate of the request's TLS session (call after {@link #authenticate}). */
    X509Certificate certificate(HttpServletRequest request) {
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute(CERTIFICATES_ATTRIBUTE);
        if (chain == null || chain.length == 0) {
            throw new RejectedRequestException(RejectionReason.UNKNOWN_PLANT, "no client certificate was presented");
        }
        return chain[0];
    }

    PlantIdentity authenticate(HttpServletRequest request) {
        X509Certificate[] chain = (X509Certificate[]) request.getAttribute(CERTIFICATES_ATTRIBUTE);
        if (chain == null || chain.length == 0) {
            throw new RejectedRequestException(RejectionReason.UNKNOWN_PLANT, "no client certificate was presented");
        }
        try {
            revocation.check(chain[0]);
        } catch (RevokedCertificateException e) {
            // also when the CRL is stale or foreign: fail closed, with the reason for the plant's operator
            throw new RejectedRequestException(RejectionReason.REVOKED_CERTIFICATE, e.getMessage());
        }
        PlantIdentity identity;
        try {
            identity = PlantIdentity.fromCertificate(chain[0]);
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException(RejectionReason.UNKNOWN_PLANT, e.getMessage());
        }
        if (!plants.contains(identity.plantId())) {
            throw new RejectedRequestException(
                    RejectionReason.UNKNOWN_PLANT,
                    "plant " + identity.plantId() + " is not registered with this aggregator");
        }
        return identity;
    }
}
