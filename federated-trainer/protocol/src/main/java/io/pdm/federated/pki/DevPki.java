package io.pdm.federated.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a development PKI: a CA, the aggregator's server certificate (for the given host names) and one
 * client certificate per plant, as PEM and PKCS12 (see {@link DevPkiFiles}), with an empty CRL.
 */
public record DevPki(Path directory, String password) {

    public static final String AGGREGATOR = "aggregator";

    /** Issues every certificate (valid for {@code validity}) and writes the files into {@code directory}. */
    public static DevPki create(
            Path directory, List<String> plants, List<String> aggregatorHosts, String password, Duration validity) {
        DevCertificateAuthority ca = DevCertificateAuthority.create("pdm dev CA", validity);
        Map<String, IssuedCredential> credentials = new LinkedHashMap<>();
        credentials.put(AGGREGATOR, ca.issueServerCertificate(AGGREGATOR, aggregatorHosts, validity));
        for (String plant : plants) {
            if (AGGREGATOR.equals(plant)) {
                throw new IllegalArgumentException("a plant cannot be called '" + AGGREGATOR + "'");
            }
            credentials.put(plant, ca.issuePlantCertificate(new PlantIdentity(plant), validity));
        }
        Instant now = Instant.now();
        try {
            DevPkiFiles.writeAll(
                    directory,
                    ca,
                    credentials,
                    ca.revocationList(List.of(), now.minusSeconds(60), now.plus(validity)),
                    password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DevPki(directory, password);
    }

    public TlsMaterial aggregatorTls() {
        return new TlsMaterial.Pkcs12(keyStore(AGGREGATOR), password, trustStore(), password);
    }

    public Path keyStore(String name) {
        return directory.resolve(name + ".p12");
    }

    public Path trustStore() {
        return directory.resolve(DevPkiFiles.TRUST_STORE);
    }

    public Path revocationList() {
        return directory.resolve("crl.pem");
    }
}
