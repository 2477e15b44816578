package io.pdm.federated.secagg;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The primitives the protocol is built from, all from JCA (X25519, AES-GCM) or Bouncy Castle (HKDF-SHA256,
 * which the JDK only gained in 24). Every derived key is bound to the session id and a purpose label so keys
 * from different rounds or roles never coincide.
 */
final class SecAggCrypto {

    static final int SEED_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private SecAggCrypto() {}

    static KeyPair generateX25519(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    static PublicKey publicKeyFrom(byte[] encoded) {
        try {
            return KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new SecAggException("malformed X25519 public key", e);
        }
    }

    /** The raw 32-byte private scalar, which is what gets secret-shared. */
    static byte[] privateScalar(PrivateKey key) {
        return ((XECPrivateKey) key)
                .getScalar()
                .orElseThrow(() -> new IllegalStateException("private key not extractable"));
    }

    static PrivateKey privateKeyFrom(byte[] scalar) {
        try {
            return KeyFactory.getInstance("X25519")
                    .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        } catch (GeneralSecurityException e) {
            throw new SecAggException("malformed X25519 private scalar", e);
        }
    }

    /** HKDF-SHA256(X25519(own, other)) for a purpose; symmetric in the two parties because the pair is sorted. */
    static byte[] pairKey(PrivateKey own, PublicKey other, String session, String purpose, int clientA, int clientB) {
        byte[] shared;
        try {
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(own);
            agreement.doPhase(other, true);
            shared = agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new SecAggException("X25519 agreement failed (small-order public key?)", e);
        }
        String pair = Math.min(clientA, clientB) + "-" + Math.max(clientA, clientB);
        byte[] key = hkdf(shared, session, purpose + " " + pair);
        Arrays.fill(shared, (byte) 0);
        return key;
    }

    static byte[] hkdf(byte[] inputKeyMaterial, String session, String purpose) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(inputKeyMaterial, utf8("pdm-secagg " + session), utf8(purpose)));
        byte[] key = new byte[SEED_BYTES];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    /** AES-256-GCM with a random nonce; returns nonce ‖ ciphertext ‖ tag. */
    static byte[] seal(byte[] key, byte[] associatedData, byte[] plaintext, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + ciphertext.length)
                    .put(nonce)
                    .put(ciphertext)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    static byte[] open(byte[] key, byte[] associatedData, byte[] sealed) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecAggException("ciphertext too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecAggException("share ciphertext failed authentication", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
