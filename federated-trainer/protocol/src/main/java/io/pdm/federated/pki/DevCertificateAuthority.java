package io.pdm.federated.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development certificate authority (EC P-256, SHA256withECDSA, built with Bouncy Castle) for mutual TLS between
 * plants and the aggregator: one server certificate, one client certificate per plant binding its plant id, and
 * CRLs for revocation. For development and tests only: the CA key lives in memory and in plain files.
 */
public record DevCertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration BACKDATE = Duration.ofMinutes(5); // tolerate clock skew between machines

    public DevCertificateAuthority {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    public static DevCertificateAuthority create(String name, Duration validity) {
        KeyPair keys = newKeyPair();
        X500Name subject = name(name);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, keys.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new DevCertificateAuthority(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not create the CA certificate", e);
        }
    }

    /** A TLS server certificate for the aggregator; names are DNS names or IP literals (e.g. localhost, 127.0.0.1). */
    public IssuedCredential issueServerCertificate(String commonName, List<String> hostNames, Duration validity) {
        List<GeneralName> names = new ArrayList<>();
        for (String host : hostNames) {
            names.add(
                    isIpLiteral(host)
                            ? new GeneralName(GeneralName.iPAddress, host)
                            : new GeneralName(GeneralName.dNSName, host));
        }
        return issue(commonName, names, KeyPurposeId.id_kp_serverAuth, validity);
    }

    /** A TLS client certificate for one plant: CN = plant id, SAN URI = urn:pdm:plant:{id}. */
    public IssuedCredential issuePlantCertificate(PlantIdentity plant, Duration validity) {
        return issue(
                plant.plantId(),
                List.of(new GeneralName(GeneralName.uniformResourceIdentifier, plant.uri())),
                KeyPurposeId.id_kp_clientAuth,
                validity);
    }

    /** A CRL listing the given certificates as revoked (key compromise), valid until {@code nextUpdate}. */
    public X509CRL revocationList(Collection<X509Certificate> revoked, Instant thisUpdate, Instant nextUpdate) {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(name(certificate), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (X509Certificate certificateToRevoke : revoked) {
            builder.addCRLEntry(certificateToRevoke.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
        }
        try {
            return new JcaX509CRLConverter().getCRL(builder.build(signer(privateKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign the CRL", e);
        }
    }

    private IssuedCredential issue(
            String commonName, List<GeneralName> alternativeNames, KeyPurposeId purpose, Duration validity) {
        KeyPair keys = newKeyPair();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(name(certificate), name(commonName), keys.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(alternativeNames.toArray(GeneralName[]::new)))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(certificate))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate issued = sign(builder, privateKey);
            return new IssuedCredential(issued, keys.getPrivate(), List.of(issued, certificate));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not issue a certificate for " + commonName, e);
        }
    }

    private static X509v3CertificateBuilder builder(
            X500Name issuer, X500Name subject, PublicKey key, Duration validity) {
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(127, new SecureRandom()).setBit(0); // random, positive, non-zero
        return new JcaX509v3CertificateBuilder(
                issuer, serial, Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer(key)));
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(SIGNATURE + " unavailable", e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "pdm development")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static X500Name name(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    private static boolean isIpLiteral(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(host); // literal, so no DNS lookup happens
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
