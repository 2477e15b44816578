package io.pdm.federated.pki;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationCheckTest {

    private static final Duration DAY = Duration.ofDays(1);
    private final DevCertificateAuthority ca = DevCertificateAuthority.create("federation CA", Duration.ofDays(30));
    private final IssuedCredential plant = ca.issuePlantCertificate(new PlantIdentity("plant-a"), Duration.ofDays(10));
    private final IssuedCredential revoked = ca.issuePlantCertificate(new PlantIdentity("plant-b"), DAY);
    private final Instant now = Instant.now();

    @TempDir
    Path directory;

    private Path crl(DevCertificateAuthority signer, List<IssuedCredential> listed, Instant nextUpdate)
            throws Exception {
        X509CRL list = signer.revocationList(
                listed.stream().map(IssuedCredential::certificate).toList(), now.minusSeconds(60), nextUpdate);
        Path file = directory.resolve("crl.pem");
        DevPkiFiles.writePem(file, list);
        return file;
    }

    @Test
    void aListedCertificateIsRefusedAsRevokedAndAnUnlistedOnePasses() throws Exception {
        RevocationCheck check = RevocationCheck.of(crl(ca, List.of(revoked), now.plus(DAY)), List.of(ca.certificate()));

        assertThatCode(() -> check.check(plant.certificate())).doesNotThrowAnyException();
        assertThatThrownBy(() -> check.check(revoked.certificate()))
                .isInstanceOfSatisfying(
                        RevokedCertificateException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.revoked())
                                .isTrue())
                .hasMessageContaining("CN=plant-b")
                .hasMessageContaining("is revoked: the CRL " + directory.resolve("crl.pem") + " lists it since")
                .hasMessageContaining("KEY_COMPROMISE");
    }

    @Test
    void aReplacedCrlIsReadAgainSoRevokingNeedsNoRestart() throws Exception {
        Path file = crl(ca, List.of(), now.plus(DAY));
        RevocationCheck check = RevocationCheck.of(file, List.of(ca.certificate()));
        check.check(revoked.certificate()); // passes, and is remembered

        crl(ca, List.of(revoked), now.plus(DAY));
        Files.setLastModifiedTime(file, FileTime.from(now.plusSeconds(5))); // a new file, even within a second

        assertThatThrownBy(() -> check.check(revoked.certificate()))
                .isInstanceOf(RevokedCertificateException.class)
                .hasMessageContaining("is revoked");
    }

    @Test
    void aCrlSignedBySomeoneElseOrOutOfDateRefusesEveryCertificateWithTheReason() throws Exception {
        DevCertificateAuthority other = DevCertificateAuthority.create("someone else's CA", DAY);
        RevocationCheck foreign = RevocationCheck.of(crl(other, List.of(), now.plus(DAY)), List.of(ca.certificate()));
        assertThatThrownBy(() -> foreign.check(plant.certificate()))
                .isInstanceOfSatisfying(
                        RevokedCertificateException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.revoked())
                                .isFalse())
                .hasMessageContaining("revocation status unknown");

        Path current = crl(ca, List.of(), now.plus(DAY));
        Clock twoDaysLater = Clock.fixed(now.plus(Duration.ofDays(2)), ZoneOffset.UTC);
        RevocationCheck stale = RevocationCheck.of(current, List.of(ca.certificate()), twoDaysLater);
        assertThatThrownBy(() -> stale.check(plant.certificate()))
                .isInstanceOf(RevokedCertificateException.class)
                .hasMessageContaining("revocation status unknown")
                .hasMessageContaining("out of date");
    }

    @Test
    void anUnreadableCrlFailsClosedAndNoFileChecksNothing() throws Exception {
        Path garbage = Files.writeString(directory.resolve("crl.pem"), "not a CRL");
        assertThatThrownBy(() ->
                        RevocationCheck.of(garbage, List.of(ca.certificate())).check(plant.certificate()))
                .isInstanceOf(RevokedCertificateException.class)
                .hasMessageStartingWith("cannot read the CRL " + garbage);

        assertThatCode(() -> RevocationCheck.none().check(revoked.certificate()))
                .doesNotThrowAnyException();
    }
}
