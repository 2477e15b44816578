package io.pdm.federated.aggregator;

import io.pdm.federated.pki.PlantIdentity;
import io.pdm.federated.protocol.RejectionReason;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * Binds a request to a plant by its TLS client certificate. Tomcat already required a certificate chaining to
 * the plants' CA (client-auth need); here it must also be unrevoked, name exactly one plant, and that plant must
 * be registered.
 */
final class PlantAuthenticator {

    private static final String CERTIFICATES_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final Set<String> plants;
    private final RevocationList revocationList;

    PlantAuthenticator(Set<String> plants, RevocationList revocationList) {
        this.plants = Set.copyOf(plants);
        this.revocationList = revocationList;
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
        if (revocationList.isRevoked(chain[0])) {
            throw new RejectedRequestException(
                    RejectionReason.REVOKED_CERTIFICATE,
                    "certificate " + chain[0].getSerialNumber().toString(16) + " is on the CRL");
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
