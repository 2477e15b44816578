package io.pdm.federated.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DevCertificateAuthorityTest {

    private static final Duration YEAR = Duration.ofDays(365);
    private final DevCertificateAuthority ca = DevCertificateAuthority.create("pdm dev CA", YEAR);
    private final IssuedCredential server =
            ca.issueServerCertificate("aggregator", List.of("localhost", "127.0.0.1"), YEAR);
    private final IssuedCredential plant = ca.issuePlantCertificate(new PlantIdentity("plant-17"), YEAR);
    private final IssuedCredential revokedPlant = ca.issuePlantCertificate(new PlantIdentity("plant-99"), YEAR);
    private final X509CRL crl = ca.revocationList(
            List.of(revokedPlant.certificate()), Instant.now(), Instant.now().plus(Duration.ofDays(7)));

    private void validate(IssuedCredential credential) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
        parameters.setRevocationEnabled(true);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        CertPathValidator.getInstance("PKIX")
                .validate(factory.generateCertPath(List.of(credential.certificate())), parameters);
    }

    @Test
    void issuedCertificatesChainToTheCa() throws Exception {
        validate(server);
        validate(plant);
        assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(plant.certificate().getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void aRevokedCertificateFailsValidationAndIsOnTheCrl() {
        assertThat(crl.isRevoked(revokedPlant.certificate())).isTrue();
        assertThat(crl.isRevoked(plant.certificate())).isFalse();
        assertThatThrownBy(() -> validate(revokedPlant))
                .isInstanceOfSatisfying(
                        CertPathValidatorException.class,
                        failure -> assertThat(failure.getReason())
                                .isEqualTo(CertPathValidatorException.BasicReason.REVOKED));
    }

    @Test
    void aCertificateFromAnotherCaIsRejected() {
        DevCertificateAuthority stranger = DevCertificateAuthority.create("someone else", YEAR);
        IssuedCredential forged = stranger.issuePlantCertificate(new PlantIdentity("plant-17"), YEAR);

        assertThatThrownBy(() -> validate(forged))
                .isInstanceOfSatisfying(
                        CertPathValidatorException.class,
                        failure -> assertThat(failure.getReason()).isEqualTo(PKIXReason.NO_TRUST_ANCHOR));
    }

    @Test
    void plantIdentityComesFromTheClientCertificate() throws Exception {
        assertThat(PlantIdentity.fromCertificate(plant.certificate())).isEqualTo(new PlantIdentity("plant-17"));
        assertThat(plant.certificate().getSubjectX500Principal().getName()).contains("CN=plant-17");
        assertThat(plant.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
        assertThatThrownBy(() -> PlantIdentity.fromCertificate(server.certificate()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 plant URIs");
    }

    @Test
    void serverCertificateNamesLocalhostAndLoopback() throws Exception {
        assertThat(server.certificate().getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
    }

    @Test
    void plantIdsThatCouldSmuggleSyntaxAreRejected() {
        assertThatThrownBy(() -> new PlantIdentity("plant,CN=admin")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlantIdentity("")).isInstanceOf(IllegalArgumentException.class);
    }
}
