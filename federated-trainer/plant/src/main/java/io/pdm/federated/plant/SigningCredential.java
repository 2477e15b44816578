package io.pdm.federated.plant;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a plant needs to bind its secure-aggregation keys to itself and to check its peers'
 * ({@link io.pdm.federated.pki.KeyBinding}): its client certificate and key (the ones of its mTLS identity) and the
 * federation CA certificates peers' certificates must chain to.
 */
public record SigningCredential(PrivateKey key, X509Certificate certificate, List<X509Certificate> trustedCas) {

    public SigningCredential {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
        trustedCas = List.copyOf(trustedCas);
        if (trustedCas.isEmpty()) {
            throw new IllegalArgumentException("a plant needs the federation CA to check its peers' keys");
        }
    }

    /** From the plant's PKCS12 key store (its one key entry) and trust store (the CA certificates). */
    public static SigningCredential fromPkcs12(
            Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword) {
        try {
            KeyStore keys = load(keyStore, keyStorePassword);
            for (String alias : Collections.list(keys.aliases())) {
                if (keys.isKeyEntry(alias)) {
                    KeyStore trusted = load(trustStore, trustStorePassword);
                    List<X509Certificate> cas = new ArrayList<>();
                    for (String ca : Collections.list(trusted.aliases())) {
                        if (trusted.getCertificate(ca) instanceof X509Certificate certificate) {
                            cas.add(certificate);
                        }
                    }
                    return new SigningCredential(
                            (PrivateKey) keys.getKey(alias, keyStorePassword),
                            (X509Certificate) keys.getCertificate(alias),
                            cas);
                }
            }
            throw new IllegalArgumentException(keyStore + " holds no private key entry");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the plant's key from " + keyStore, e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }
}
