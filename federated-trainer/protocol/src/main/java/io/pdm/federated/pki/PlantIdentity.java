package io.pdm.federated.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The plant a client certificate was issued to. The SAN URI {@code urn:pdm:plant:{id}} is authoritative (SANs are
 * what TLS identity checks use); the subject CN must agree, so a certificate cannot say two things.
 */
public record PlantIdentity(String plantId) {

    public static final String URI_PREFIX = "urn:pdm:plant:";
    private static final Pattern PLANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int SAN_URI = 6;

    public PlantIdentity {
        if (plantId == null || !PLANT_ID.matcher(plantId).matches()) {
            throw new IllegalArgumentException("plant id must match " + PLANT_ID + ", was " + plantId);
        }
    }

    public String uri() {
        return URI_PREFIX + plantId;
    }

    /** Throws {@link IllegalArgumentException} if the certificate names no plant, several, or contradicts itself. */
    public static PlantIdentity fromCertificate(X509Certificate certificate) {
        List<String> plantUris = subjectAlternativeUris(certificate).stream()
                .filter(uri -> uri.startsWith(URI_PREFIX))
                .toList();
        if (plantUris.size() != 1) {
            throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal() + " carries "
                    + plantUris.size() + " plant URIs, expected exactly one");
        }
        PlantIdentity identity = new PlantIdentity(plantUris.get(0).substring(URI_PREFIX.length()));
        String commonName = commonName(certificate);
        if (!identity.plantId().equals(commonName)) {
            throw new IllegalArgumentException(
                    "certificate CN " + commonName + " does not match its plant URI " + identity.uri());
        }
        return identity;
    }

    private static List<String> subjectAlternativeUris(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream()
                    .filter(name -> (Integer) name.get(0) == SAN_URI)
                    .map(name -> (String) name.get(1))
                    .toList();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subject alternative names", e);
        }
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("unreadable subject name", e);
        }
    }
}
