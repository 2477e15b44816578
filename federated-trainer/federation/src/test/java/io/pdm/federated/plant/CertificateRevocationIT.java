package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pdm.embedded.TestPostgres;
import io.pdm.federated.TestPlants;
import io.pdm.federated.TinyAdapters;
import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.AggregatorSettings;
import io.pdm.federated.aggregator.round.Database;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.pki.DevCertificateAuthority;
import io.pdm.federated.pki.DevPkiFiles;
import io.pdm.federated.pki.IssuedCredential;
import io.pdm.federated.pki.PlantIdentity;
import io.pdm.federated.pki.RevokedCertificateException;
import io.pdm.federated.pki.TlsMaterial;
import io.pdm.federated.protocol.RejectionReason;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation over real TLS, with the CRL file an admin provides ({@code crl.pem} of the federation CA, replaced to
 * revoke): the aggregator refuses a plant whose certificate is listed, from the next request on and without a
 * restart; a plant refuses, in the handshake, an aggregator whose certificate is listed.
 */
class CertificateRevocationIT {

    private static final String PASSWORD = "changeit";
    private static final Duration DAY = Duration.ofDays(1);
    private static final String AGGREGATOR = "aggregator";

    private final DevCertificateAuthority ca = DevCertificateAuthority.create("federation CA", DAY);
    private final Map<String, IssuedCredential> credentials = new LinkedHashMap<>();
    private AggregatorHandle aggregator;

    @TempDir
    Path pki;

    @TempDir
    Path disks;

    @AfterEach
    void stop() {
        if (aggregator != null) aggregator.close();
    }

    @Test
    void aggregatorRefusesAPlantFromTheRequestAfterTheAdminRevokesIt() throws Exception {
        start(List.of());
        AggregatorClient plantA = client("plant-a", true);
        AggregatorClient plantB = client("plant-b", true);
        assertThat(plantA.currentRound()).isPresent();

        revoke(List.of("plant-a")); // the admin replaces the file; the aggregator keeps running

        Throwable refused = catchThrowable(plantA::currentRound);
        assertThat(refused).isInstanceOfSatisfying(AggregatorRejectedException.class, rejection -> {
            assertThat(rejection.reason()).isEqualTo(RejectionReason.REVOKED_CERTIFICATE);
            assertThat(rejection.status()).isEqualTo(403);
            assertThat(rejection.getMessage()).contains("CN=plant-a").contains("is revoked");
        });
        assertThat(plantB.currentRound()).as("an unrevoked plant goes on").isPresent();
    }

    @Test
    void plantRefusesAnAggregatorWhoseCertificateIsRevoked() throws Exception {
        start(List.of(AGGREGATOR));

        // without the CRL the same plant reaches the same aggregator: what refuses below is the revocation check
        assertThat(client("plant-a", false).currentRound()).isPresent();

        Throwable refused = catchThrowable(() -> client("plant-a", true).currentRound());
        assertThat(refused).isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(SSLHandshakeException.class);
        assertThat(revocation(refused)).isNotNull().satisfies(e -> {
            assertThat(e.revoked()).isTrue();
            assertThat(e.getMessage()).contains("CN=aggregator").contains("is revoked");
        });

        // the plant trainer's client reads crl.pem beside its trust store, where `pdm certs init` writes it
        try (FederatedClient trainer = new FederatedClient(FederatedClientSettings.of(
                url(),
                pki.resolve("plant-a.p12"),
                pki.resolve(DevPkiFiles.TRUST_STORE),
                PASSWORD,
                "plant-a",
                TestPlants.TRAINING.get("plant-a"),
                disks.resolve("plant-a")))) {
            assertThat(revocation(catchThrowable(trainer::currentRound))).isNotNull();
        }
    }

    private void start(List<String> revoked) throws Exception {
        credentials.put(AGGREGATOR, ca.issueServerCertificate(AGGREGATOR, List.of("localhost", "127.0.0.1"), DAY));
        for (String plant : List.of("plant-a", "plant-b")) {
            credentials.put(plant, ca.issuePlantCertificate(new PlantIdentity(plant), DAY));
        }
        DevPkiFiles.writeAll(pki, ca, credentials, crl(revoked), PASSWORD.toCharArray());
        aggregator = AggregatorApplication.start(new AggregatorSettings(
                0,
                new TlsMaterial.Pkcs12(
                        pki.resolve("aggregator.p12"), PASSWORD, pki.resolve(DevPkiFiles.TRUST_STORE), PASSWORD),
                pki.resolve("crl.pem"),
                Database.of(TestPostgres.newDatabase("fl_revocation")),
                new TreeSet<>(List.of("plant-a", "plant-b")),
                RoundPolicy.plain(2, Duration.ofMinutes(5)),
                TinyAdapters.seed(),
                TinyAdapters.BASE_MODEL_HASH,
                Duration.ofMillis(50)));
    }

    private java.security.cert.X509CRL crl(List<String> revoked) {
        return ca.revocationList(
                revoked.stream()
                        .map(name -> credentials.get(name).certificate())
                        .toList(),
                Instant.now().minusSeconds(60),
                Instant.now().plus(DAY));
    }

    private void revoke(List<String> revoked) throws Exception {
        Path file = pki.resolve("crl.pem");
        FileTime before = Files.getLastModifiedTime(file);
        DevPkiFiles.writePem(file, crl(revoked));
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 2000)); // even within a second
    }

    private AggregatorClient client(String plant, boolean withCrl) {
        return new AggregatorClient(
                url(),
                TlsContexts.fromPkcs12(
                        pki.resolve(plant + ".p12"),
                        PASSWORD.toCharArray(),
                        pki.resolve(DevPkiFiles.TRUST_STORE),
                        PASSWORD.toCharArray(),
                        withCrl ? pki.resolve("crl.pem") : null),
                Duration.ofSeconds(10));
    }

    private URI url() {
        return URI.create("https://localhost:" + aggregator.port());
    }

    private static RevokedCertificateException revocation(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof RevokedCertificateException revoked) {
                return revoked;
            }
        }
        return null;
    }
}
