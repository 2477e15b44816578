package io.pdm.federated.pki;

import io.pdm.federated.protocol.SecureAggregationParameters;
import io.pdm.federated.secagg.SecAggMessage.AdvertisedKeys;
import io.pdm.federated.secagg.SecAggMessage.KeyDirectory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Binds a plant's secure-aggregation public keys to its mTLS client certificate, so that an aggregator cannot
 * substitute keys (a man in the middle between plants, which would let it unmask single deltas). The plant signs its
 * keys, together with the session, round and client id (so a signature cannot be replayed elsewhere), with the
 * private key of its client certificate and attaches the certificate. The aggregator accepts keys only when that
 * certificate is the one of the TLS session that uploaded them and the signature verifies; every plant checks each
 * peer's keys in the directory before use: certificate issued by the federation CA and valid, naming the plant the
 * announcement gives that client id, and the signature verifies. Any failure is a {@link KeyBindingException} naming
 * the client, the plant and what did not hold.
 */
public final class KeyBinding {

    private static final String DOMAIN = "pdm secure-aggregation keys v1";

    private KeyBinding() {}

    /** The keys with the plant's signature and certificate attached. */
    public static AdvertisedKeys sign(
            AdvertisedKeys keys, String session, long round, PrivateKey key, X509Certificate certificate) {
        try {
            Signature signer = Signature.getInstance(algorithm(key.getAlgorithm()));
            signer.initSign(key);
            signer.update(signedBytes(keys, session, round));
            return keys.signed(signer.sign(), certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the secure-aggregation keys with the client key", e);
        }
    }

    /** The aggregator's check: signed by the certificate of the TLS session that uploaded the keys. */
    public static void requireSignedBySession(
            AdvertisedKeys keys, String session, long round, X509Certificate sessionCertificate) {
        X509Certificate attached = attachedCertificate(keys);
        try {
            if (!Arrays.equals(attached.getEncoded(), sessionCertificate.getEncoded())) {
                throw new KeyBindingException("keys of client " + keys.client() + " carry the certificate of "
                        + attached.getSubjectX500Principal() + ", not that of the TLS session that uploaded them ("
                        + sessionCertificate.getSubjectX500Principal() + ")");
            }
        } catch (GeneralSecurityException e) {
            throw new KeyBindingException("keys of client " + keys.client() + ": unreadable certificate", e);
        }
        requireSignature(
                keys,
                session,
                round,
                attached,
                PlantIdentity.fromCertificate(attached).plantId());
    }

    /** A plant's check of every key in the directory before it uses any. */
    public static void requireBound(
            KeyDirectory directory, SecureAggregationParameters parameters, long round, List<X509Certificate> cas) {
        requireBound(directory, parameters, round, cas, RevocationCheck.none());
    }

    /**
     * As {@link #requireBound(KeyDirectory, SecureAggregationParameters, long, List)}, and no peer's certificate may
     * be on the federation CRL: an aggregator holding a revoked plant's stolen key cannot sign keys of its own in
     * that plant's name.
     */
    public static void requireBound(
            KeyDirectory directory,
            SecureAggregationParameters parameters,
            long round,
            List<X509Certificate> cas,
            RevocationCheck revocation) {
        Map<Integer, String> plants = parameters.plantByClientId();
        for (Map.Entry<Integer, AdvertisedKeys> entry : directory.keysByClient().entrySet()) {
            if (entry.getKey() != entry.getValue().client()) {
                throw new KeyBindingException("the directory lists the keys of client "
                        + entry.getValue().client() + " under client " + entry.getKey());
            }
            String plant = plants.get(entry.getKey());
            if (plant == null) {
                throw new KeyBindingException(
                        "the directory lists client " + entry.getKey() + ", which no plant of the round has");
            }
            requireBound(entry.getValue(), plant, parameters.sessionId(), round, cas);
            try {
                revocation.check(attachedCertificate(entry.getValue()));
            } catch (RevokedCertificateException e) {
                throw new KeyBindingException(
                        "keys of client " + entry.getKey() + " (plant " + plant + "): " + e.getMessage(), e);
            }
        }
    }

    /** One peer's keys: certificate from the federation CA, naming {@code expectedPlant}, and a valid signature. */
    public static void requireBound(
            AdvertisedKeys keys, String expectedPlant, String session, long round, List<X509Certificate> cas) {
        X509Certificate certificate = attachedCertificate(keys);
        if (cas.stream().noneMatch(ca -> issuedBy(certificate, ca))) {
            throw new KeyBindingException("keys of client " + keys.client() + " (plant " + expectedPlant
                    + ") carry a certificate not issued by the federation CA: "
                    + certificate.getIssuerX500Principal());
        }
        try {
            certificate.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new KeyBindingException("keys of client " + keys.client() + " (plant " + expectedPlant
                    + ") carry a certificate outside its validity: " + e.getMessage());
        }
        String named;
        try {
            named = PlantIdentity.fromCertificate(certificate).plantId();
        } catch (IllegalArgumentException e) {
            throw new KeyBindingException("keys of client " + keys.client() + ": " + e.getMessage());
        }
        if (!named.equals(expectedPlant)) {
            throw new KeyBindingException("keys of client " + keys.client() + " are signed by plant " + named
                    + "'s certificate, but the round gives client " + keys.client() + " to plant " + expectedPlant);
        }
        requireSignature(keys, session, round, certificate, expectedPlant);
    }

    private static void requireSignature(
            AdvertisedKeys keys, String session, long round, X509Certificate certificate, String plant) {
        boolean valid;
        try {
            PublicKey key = certificate.getPublicKey();
            Signature verifier = Signature.getInstance(algorithm(key.getAlgorithm()));
            verifier.initVerify(key);
            verifier.update(signedBytes(keys, session, round));
            valid = verifier.verify(keys.signature());
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new KeyBindingException("signature on the keys of client " + keys.client() + " does not verify "
                    + "against plant " + plant + "'s certificate for session " + session + ", round " + round
                    + ": the keys were substituted or altered");
        }
    }

    private static X509Certificate attachedCertificate(AdvertisedKeys keys) {
        if (keys.signature() == null || keys.certificate() == null) {
            throw new KeyBindingException("keys of client " + keys.client()
                    + " are unsigned: a plant signs its keys with its client certificate's key");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(keys.certificate()));
        } catch (GeneralSecurityException e) {
            throw new KeyBindingException("keys of client " + keys.client() + " carry no readable certificate", e);
        }
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate ca) {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Domain, session, round, client id and both keys, length-prefixed: what the signature covers. */
    static byte[] signedBytes(AdvertisedKeys keys, String session, long round) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(DOMAIN);
            out.writeUTF(session);
            out.writeLong(round);
            out.writeInt(keys.client());
            byte[] share = keys.shareEncryptionKey();
            out.writeInt(share.length);
            out.write(share);
            byte[] mask = keys.maskAgreementKey();
            out.writeInt(mask.length);
            out.write(mask);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String algorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default ->
                throw new IllegalArgumentException(
                        "client keys of type " + keyAlgorithm + " cannot sign secure-aggregation keys");
        };
    }
}
