package io.pdm.federated.secagg;

import java.math.BigInteger;
import java.nio.ByteBuffer;

/**
 * What a client seals for each peer: sender and recipient ids (checked on opening, as in Bonawitz et al.) and the
 * recipient's shares of the sender's self-mask seed and mask-agreement key.
 */
record SharePlaintext(int from, int to, BigInteger selfMaskSeedShare, BigInteger maskKeyShare) {

    private static final int LENGTH = 2 * Integer.BYTES + 2 * ShamirSecretSharing.ELEMENT_BYTES;

    byte[] encode() {
        return ByteBuffer.allocate(LENGTH)
                .putInt(from)
                .putInt(to)
                .put(ShamirSecretSharing.toFixedBytes(selfMaskSeedShare, ShamirSecretSharing.ELEMENT_BYTES))
                .put(ShamirSecretSharing.toFixedBytes(maskKeyShare, ShamirSecretSharing.ELEMENT_BYTES))
                .array();
    }

    static SharePlaintext decode(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new SecAggException("share plaintext has " + bytes.length + " bytes, expected " + LENGTH);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int from = buffer.getInt();
        int to = buffer.getInt();
        byte[] element = new byte[ShamirSecretSharing.ELEMENT_BYTES];
        buffer.get(element);
        BigInteger seedShare = new BigInteger(1, element);
        buffer.get(element);
        return new SharePlaintext(from, to, seedShare, new BigInteger(1, element));
    }

    /** Additional authenticated data binding a ciphertext to its session and direction. */
    static byte[] associatedData(String session, int from, int to) {
        return SecAggCrypto.utf8(session + " shares " + from + "->" + to);
    }
}
