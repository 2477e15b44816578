package io.pdm.federated.plant;

import io.pdm.federated.pki.RevocationCheck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A plant's TLS client context: its own certificate (PKCS12 key store), the CA it trusts for the aggregator and,
 * optionally, the federation CRL the aggregator's certificate is checked against.
 */
public final class TlsContexts {

    /** Where {@code pdm certs init} writes the CRL, beside the trust store; a plant checks it when present. */
    public static final String CRL_FILE = "crl.pem";

    private TlsContexts() {}

    /** Without a revocation check of the aggregator's certificate. */
    public static SSLContext fromPkcs12(
            Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword) {
        return fromPkcs12(keyStore, keyStorePassword, trustStore, trustStorePassword, null);
    }

    /**
     * @param revocationList PEM or DER CRL of the federation CA, signed by a CA of the trust store and re-read when
     *     it changes; the handshake fails if it lists the aggregator's certificate or is out of date. Null: none
     */
    public static SSLContext fromPkcs12(
            Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword, Path revocationList) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, keyStorePassword), keyStorePassword);
            KeyStore trusted = load(trustStore, trustStorePassword);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            TrustManager[] trustManagers = trust.getTrustManagers();
            if (revocationList != null) {
                RevocationCheck revocation = RevocationCheck.of(revocationList, certificates(trusted));
                for (int i = 0; i < trustManagers.length; i++) {
                    if (trustManagers[i] instanceof X509ExtendedTrustManager jdk) {
                        trustManagers[i] = new RevocationCheckingTrustManager(jdk, revocation);
                    }
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trustManagers, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context from " + keyStore + " and " + trustStore, e);
        }
    }

    /** {@link #CRL_FILE} beside the trust store if the admin put one there, else null. */
    public static Path revocationListBeside(Path trustStore) {
        Path crl = trustStore.toAbsolutePath().resolveSibling(CRL_FILE);
        return Files.isRegularFile(crl) ? crl : null;
    }

    private static List<X509Certificate> certificates(KeyStore store) throws GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                certificates.add(certificate);
            }
        }
        return certificates;
    }

    private static KeyStore load(Path file, char[] password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
