package io.pdm.embedded.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for the embedded brokers' TLS listeners and the tests that talk to them:
 * EC P-256 keys and certificates made in-process with Bouncy Castle, written in the file layout Strimzi uses,
 * so the tests exercise exactly the files a production deployment mounts:
 *
 * <ul>
 *   <li>{@link #writeCa}: {@code ca.crt} (PEM), {@code ca.p12} and {@code ca.password} (the cluster CA secret);
 *   <li>{@link #writeUser}: {@code user.crt}, {@code user.key}, {@code user.p12} and {@code user.password} (a
 *       {@code KafkaUser} with {@code tls} authentication), the client certificate's CN being the user name;
 *   <li>{@link #writeServer}: a server key store for a listener on the given host names / IP literals.
 * </ul>
 *
 * The federated trainer has its own development CA (plant identities in SAN URIs, CRLs) in
 * {@code federated-trainer/protocol}; this one stays here because {@code embedded} imports nothing of ours.
 * Keys live in memory and in plain files: for tests and the demo only.
 */
public final class LocalCa {
    private static final Duration VALIDITY = Duration.ofDays(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final X509Certificate certificate;
    private final PrivateKey key;

    private LocalCa(String name, X509Certificate certificate, PrivateKey key) {
        this.name = name;
        this.certificate = certificate;
        this.key = key;
    }

    /** A new self-signed CA named {@code CN=name}. */
    public static LocalCa create(String name) {
        KeyPair keys = newKeyPair();
        X500Name subject = new X500Name("O=pdm embedded,CN=" + name);
        X509v3CertificateBuilder b = builder(subject, subject, keys);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new LocalCa(name, sign(b, keys.getPrivate()), keys.getPrivate());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** {@code ca.crt}, {@code ca.p12}, {@code ca.password} into {@code dir}; returns {@code dir/ca.crt}. */
    public Path writeCa(Path dir) {
        try {
            Files.createDirectories(dir);
            char[] password = newPassword();
            KeyStore store = emptyStore();
            store.setCertificateEntry("ca", certificate);
            save(store, dir.resolve("ca.p12"), password);
            Files.writeString(dir.resolve("ca.password"), new String(password));
            writePem(dir.resolve("ca.crt"), certificate);
            return dir.resolve("ca.crt");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not write the CA of " + name + " to " + dir, e);
        }
    }

    /**
     * A client certificate {@code CN=user} with its key as {@code user.p12} + {@code user.password} (and PEM
     * {@code user.crt}, {@code user.key}) in {@code dir}, as Strimzi's user operator writes a TLS user's secret.
     */
    public Credentials writeUser(Path dir, String user) {
        return write(dir, "user", new X500Name("CN=" + user), KeyPurposeId.id_kp_clientAuth, List.of());
    }

    /** A server certificate for {@code hosts} (DNS names or IP literals) as {@code server.p12} + {@code server.password}. */
    public Credentials writeServer(Path dir, List<String> hosts) {
        return write(
                dir, "server", new X500Name("O=pdm embedded,CN=" + hosts.get(0)), KeyPurposeId.id_kp_serverAuth, hosts);
    }

    /** A PKCS#12 key store and the file holding its password. */
    public record Credentials(Path keyStore, Path passwordFile) {
        /** The password, read from its file (tests and the embedded brokers' own configuration only). */
        public String password() {
            try {
                return Files.readString(passwordFile).strip();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + passwordFile, e);
            }
        }
    }

    private Credentials write(Path dir, String file, X500Name subject, KeyPurposeId purpose, List<String> hosts) {
        KeyPair keys = newKeyPair();
        X509v3CertificateBuilder b = builder(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), subject, keys);
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (!hosts.isEmpty()) {
                GeneralName[] names = hosts.stream()
                        .map(h -> new GeneralName(
                                h.matches("[0-9.]+|.*:.*") ? GeneralName.iPAddress : GeneralName.dNSName, h))
                        .toArray(GeneralName[]::new);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            X509Certificate issued = sign(b, key);
            Files.createDirectories(dir);
            char[] password = newPassword();
            KeyStore store = emptyStore();
            store.setKeyEntry(file, keys.getPrivate(), password, new Certificate[] {issued, certificate});
            Path p12 = dir.resolve(file + ".p12");
            save(store, p12, password);
            Path passwordFile = dir.resolve(file + ".password");
            Files.writeString(passwordFile, new String(password));
            writePem(dir.resolve(file + ".crt"), issued);
            writePem(dir.resolve(file + ".key"), keys.getPrivate());
            return new Credentials(p12, passwordFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not issue " + subject + " from " + name, e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(127, RANDOM).setBit(0),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(VALIDITY)),
                subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("could not sign a certificate", e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    /** Random, like the passwords Strimzi generates (12 characters there; 24 here). */
    private static char[] newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static void save(KeyStore store, Path file, char[] password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }

    private static void writePem(Path file, Object object) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(object);
        }
    }
}
