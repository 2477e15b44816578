package io.pdm.federated.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Writes a development PKI as PEM files (for curl, openssl, Python clients) and PKCS12 key and trust stores (for
 * Java TLS via javax.net.ssl.keyStore / trustStore). Private keys are unencrypted PKCS#8: development only.
 */
public final class DevPkiFiles {

    public static final String TRUST_STORE = "truststore.p12";
    public static final String CA_ALIAS = "pdm-dev-ca";

    private DevPkiFiles() {}

    /**
     * Writes ca.crt.pem, ca.key.pem, truststore.p12, crl.pem and, per credential name, NAME.crt.pem (chain),
     * NAME.key.pem and NAME.p12 into the directory.
     */
    public static void writeAll(
            Path directory,
            DevCertificateAuthority ca,
            Map<String, IssuedCredential> credentialsByName,
            X509CRL crl,
            char[] storePassword)
            throws IOException {
        Files.createDirectories(directory);
        writePem(directory.resolve("ca.crt.pem"), ca.certificate());
        writePrivateKeyPem(directory.resolve("ca.key.pem"), ca.privateKey());
        writeTrustStore(directory.resolve(TRUST_STORE), ca.certificate(), storePassword);
        writePem(directory.resolve("crl.pem"), crl);
        for (Map.Entry<String, IssuedCredential> entry : credentialsByName.entrySet()) {
            String name = entry.getKey();
            IssuedCredential credential = entry.getValue();
            writePem(directory.resolve(name + ".crt.pem"), credential.chain().toArray());
            writePrivateKeyPem(directory.resolve(name + ".key.pem"), credential.privateKey());
            writeKeyStore(directory.resolve(name + ".p12"), name, credential, storePassword);
        }
    }

    public static void writeKeyStore(Path file, String alias, IssuedCredential credential, char[] password)
            throws IOException {
        KeyStore store = emptyPkcs12();
        try {
            store.setKeyEntry(
                    alias, credential.privateKey(), password, credential.chain().toArray(Certificate[]::new));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not add the key entry " + alias, e);
        }
        save(store, file, password);
    }

    public static void writeTrustStore(Path file, X509Certificate caCertificate, char[] password) throws IOException {
        KeyStore store = emptyPkcs12();
        try {
            store.setCertificateEntry(CA_ALIAS, caCertificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not add the CA certificate", e);
        }
        save(store, file, password);
    }

    public static void writePrivateKeyPem(Path file, PrivateKey key) throws IOException {
        writePem(file, new JcaPKCS8Generator(key, null));
    }

    /** Certificates, CRLs or PEM generators, one PEM block each. */
    public static void writePem(Path file, Object... objects) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            for (Object object : objects) {
                pem.writeObject(object);
            }
        }
    }

    private static KeyStore emptyPkcs12() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("PKCS12 unavailable", e);
        }
    }

    private static void save(KeyStore store, Path file, char[] password) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not write " + file, e);
        }
    }
}
