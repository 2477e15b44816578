package io.pdm.federated.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPkiFilesTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Duration YEAR = Duration.ofDays(365);

    @TempDir
    Path directory;

    private void writeDevPki() throws Exception {
        DevCertificateAuthority ca = DevCertificateAuthority.create("pdm dev CA", YEAR);
        DevPkiFiles.writeAll(
                directory,
                ca,
                Map.of(
                        "aggregator", ca.issueServerCertificate("aggregator", List.of("localhost", "127.0.0.1"), YEAR),
                        "plant-3", ca.issuePlantCertificate(new PlantIdentity("plant-3"), YEAR)),
                ca.revocationList(List.of(), Instant.now(), Instant.now().plus(Duration.ofDays(1))),
                PASSWORD);
    }

    private KeyStore load(String file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(directory.resolve(file))) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    @Test
    void pemFilesAndKeyStoresAreReadable() throws Exception {
        writeDevPki();

        KeyStore plantStore = load("plant-3.p12");
        assertThat(plantStore.getCertificateChain("plant-3")).hasSize(2);
        assertThat(PlantIdentity.fromCertificate((X509Certificate) plantStore.getCertificate("plant-3"))
                        .plantId())
                .isEqualTo("plant-3");
        assertThat(load(DevPkiFiles.TRUST_STORE).isCertificateEntry(DevPkiFiles.CA_ALIAS))
                .isTrue();
        try (InputStream in = Files.newInputStream(directory.resolve("aggregator.crt.pem"))) {
            assertThat(CertificateFactory.getInstance("X.509").generateCertificates(in))
                    .hasSize(2);
        }
        try (InputStream in = Files.newInputStream(directory.resolve("crl.pem"))) {
            assertThat(CertificateFactory.getInstance("X.509").generateCRL(in)).isNotNull();
        }
        try (Reader reader = Files.newBufferedReader(directory.resolve("plant-3.key.pem"));
                PEMParser pem = new PEMParser(reader)) {
            assertThat(pem.readObject()).isInstanceOf(PrivateKeyInfo.class);
        }
    }

    @Test
    void mutualTlsOverLoopbackIdentifiesThePlant() throws Exception {
        writeDevPki();
        SSLContext serverContext = context("aggregator.p12");
        SSLContext plantContext = context("plant-3.p12");

        try (SSLServerSocket listener = (SSLServerSocket)
                serverContext.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setSoTimeout(10_000);
            CompletableFuture<String> plantSeenByServer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(10_000);
                    X509Certificate peer =
                            (X509Certificate) accepted.getSession().getPeerCertificates()[0];
                    accepted.getOutputStream().write(1);
                    return PlantIdentity.fromCertificate(peer).plantId();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket client = (SSLSocket) plantContext.getSocketFactory().createSocket()) {
                client.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), 10_000);
                client.setSoTimeout(10_000);
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // checks the 127.0.0.1 SAN
                client.setSSLParameters(parameters);
                client.startHandshake();
                assertThat(client.getInputStream().read()).isEqualTo(1);
            }
            assertThat(plantSeenByServer.get(10, TimeUnit.SECONDS)).isEqualTo("plant-3");
        }
    }

    private SSLContext context(String keyStoreFile) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStoreFile), PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(DevPkiFiles.TRUST_STORE));
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
