package io.pdm.federated.secagg;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything clients and server exchange, as immutable records an HTTP layer can serialise. Arrays are copied
 * in and out. Round numbers follow Bonawitz et al. 2017, Figure 4 (without the consistency check round).
 */
public sealed interface SecAggMessage {

    /**
     * Round 0, client → server: the client's two X25519 public keys (X.509 encoded) and, over HTTP, their binding to
     * the plant: a signature with the private key of the plant's mTLS client certificate and that certificate (DER),
     * so the server cannot substitute keys unnoticed (checked by {@code io.pdm.federated.pki.KeyBinding}). The
     * in-memory protocol leaves both null.
     */
    record AdvertisedKeys(
            int client, byte[] shareEncryptionKey, byte[] maskAgreementKey, byte[] signature, byte[] certificate)
            implements SecAggMessage {
        public AdvertisedKeys {
            shareEncryptionKey = shareEncryptionKey.clone();
            maskAgreementKey = maskAgreementKey.clone();
            signature = signature == null ? null : signature.clone();
            certificate = certificate == null ? null : certificate.clone();
        }

        /** Unsigned keys, as the client creates them. */
        public AdvertisedKeys(int client, byte[] shareEncryptionKey, byte[] maskAgreementKey) {
            this(client, shareEncryptionKey, maskAgreementKey, null, null);
        }

        /** The same keys with their binding to the plant's certificate. */
        public AdvertisedKeys signed(byte[] newSignature, byte[] newCertificate) {
            return new AdvertisedKeys(client, shareEncryptionKey, maskAgreementKey, newSignature, newCertificate);
        }

        @Override
        public byte[] shareEncryptionKey() {
            return shareEncryptionKey.clone();
        }

        @Override
        public byte[] maskAgreementKey() {
            return maskAgreementKey.clone();
        }

        @Override
        public byte[] signature() {
            return signature == null ? null : signature.clone();
        }

        @Override
        public byte[] certificate() {
            return certificate == null ? null : certificate.clone();
        }
    }

    /** Round 0, server → clients: the keys of every client that advertised (U1). */
    record KeyDirectory(Map<Integer, AdvertisedKeys> keysByClient) implements SecAggMessage {
        public KeyDirectory {
            keysByClient = Map.copyOf(keysByClient);
        }
    }

    /** A pair of shares from {@code from} for {@code to}, AES-GCM sealed under their X25519-derived key. */
    record EncryptedShares(int from, int to, byte[] ciphertext) implements SecAggMessage {
        public EncryptedShares {
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }
    }

    /** Round 1, client → server: one sealed share pair per other client in U1. */
    record SharedKeys(int client, List<EncryptedShares> shares) implements SecAggMessage {
        public SharedKeys {
            shares = List.copyOf(shares);
        }
    }

    /** Round 1, server → one client: the sealed shares addressed to it by every client that shared (U2). */
    record SharesForClient(int recipient, List<EncryptedShares> shares) implements SecAggMessage {
        public SharesForClient {
            shares = List.copyOf(shares);
        }
    }

    /** Round 2, client → server: the quantised input plus self mask plus pairwise masks, in Z_2^32. */
    record MaskedInput(int client, int[] maskedVector) implements SecAggMessage {
        public MaskedInput {
            maskedVector = maskedVector.clone();
        }

        @Override
        public int[] maskedVector() {
            return maskedVector.clone();
        }
    }

    /** Round 3, server → clients: who sent a masked input (U3); everyone else in U2 counts as dropped. */
    record UnmaskingRequest(Set<Integer> survivors) implements SecAggMessage {
        public UnmaskingRequest {
            survivors = Set.copyOf(survivors);
        }
    }

    /**
     * Round 3, client → server: the sender's share (at x = sender id) of each survivor's self-mask seed and of
     * each dropped client's mask-agreement key. A client never reveals both for the same owner.
     */
    record UnmaskingShares(
            int client, Map<Integer, BigInteger> selfMaskSeedShares, Map<Integer, BigInteger> maskKeyShares)
            implements SecAggMessage {
        public UnmaskingShares {
            selfMaskSeedShares = Map.copyOf(selfMaskSeedShares);
            maskKeyShares = Map.copyOf(maskKeyShares);
        }
    }
}
