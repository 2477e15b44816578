package io.pdm.federated;

import io.pdm.federated.pki.DevCertificateAuthority;
import io.pdm.federated.pki.DevPkiFiles;
import io.pdm.federated.pki.IssuedCredential;
import io.pdm.federated.pki.PlantIdentity;
import io.pdm.federated.pki.TlsMaterial;
import io.pdm.federated.plant.TlsContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A development PKI on disk: the aggregator's server certificate, client certificates for plant-a..d, a revoked
 * plant-revoked, and an intruder whose certificate comes from a different CA.
 */
public final class TestPki {

    public static final String PASSWORD = "changeit";
    public static final String REVOKED_PLANT = "plant-revoked";
    public static final String INTRUDER = "plant-x";

    private final Path directory;
    private final Path intruderDirectory;

    private TestPki(Path directory, Path intruderDirectory) {
        this.directory = directory;
        this.intruderDirectory = intruderDirectory;
    }

    public static TestPki create() {
        try {
            Path directory = Files.createTempDirectory("fl-pki-");
            DevCertificateAuthority ca = DevCertificateAuthority.create("pdm test CA", Duration.ofDays(1));
            Map<String, IssuedCredential> credentials = new LinkedHashMap<>();
            credentials.put(
                    "aggregator",
                    ca.issueServerCertificate("aggregator", List.of("localhost", "127.0.0.1"), Duration.ofDays(1)));
            for (String plant : List.of("plant-a", "plant-b", "plant-c", "plant-d", REVOKED_PLANT)) {
                credentials.put(plant, ca.issuePlantCertificate(new PlantIdentity(plant), Duration.ofDays(1)));
            }
            DevPkiFiles.writeAll(
                    directory,
                    ca,
                    credentials,
                    ca.revocationList(
                            List.of(credentials.get(REVOKED_PLANT).certificate()),
                            Instant.now().minusSeconds(60),
                            Instant.now().plus(Duration.ofDays(1))),
                    PASSWORD.toCharArray());

            Path intruderDirectory = Files.createTempDirectory("fl-pki-intruder-");
            DevCertificateAuthority otherCa = DevCertificateAuthority.create("someone else's CA", Duration.ofDays(1));
            DevPkiFiles.writeAll(
                    intruderDirectory,
                    otherCa,
                    Map.of(INTRUDER, otherCa.issuePlantCertificate(new PlantIdentity(INTRUDER), Duration.ofDays(1))),
                    otherCa.revocationList(
                            List.of(), Instant.now(), Instant.now().plusSeconds(3600)),
                    PASSWORD.toCharArray());
            return new TestPki(directory, intruderDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TlsMaterial aggregatorPkcs12() {
        return new TlsMaterial.Pkcs12(directory.resolve("aggregator.p12"), PASSWORD, trustStore(), PASSWORD);
    }

    public TlsMaterial aggregatorPem() {
        return new TlsMaterial.Pem(
                directory.resolve("aggregator.crt.pem"),
                directory.resolve("aggregator.key.pem"),
                directory.resolve("ca.crt.pem"));
    }

    public Path revocationList() {
        return directory.resolve("crl.pem");
    }

    public Path keyStore(String plant) {
        return (INTRUDER.equals(plant) ? intruderDirectory : directory).resolve(plant + ".p12");
    }

    public Path trustStore() {
        return directory.resolve(DevPkiFiles.TRUST_STORE);
    }

    public SSLContext plantContext(String plant) {
        return TlsContexts.fromPkcs12(keyStore(plant), PASSWORD.toCharArray(), trustStore(), PASSWORD.toCharArray());
    }
}
