package io.pdm.federated.secagg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The protocol's PRG: expands a 32-byte seed into a mask vector in Z_2^32 with AES-256-CTR (JCA, AES-NI backed)
 * keyed by HKDF(seed, session, purpose). Each key is used for one stream only, so a zero IV is safe.
 */
final class MaskExpander {

    private static final int CHUNK_INTS = 16_384;

    private MaskExpander() {}

    /** target[i] += sign · PRG(seed)[i] (mod 2^32), with sign +1 or −1. */
    static void addMask(int[] target, byte[] seed, String session, String purpose, int sign) {
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("sign must be +1 or -1");
        }
        byte[] key = SecAggCrypto.hkdf(seed, session, purpose);
        try {
            Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
            ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            byte[] zeros = new byte[CHUNK_INTS * Integer.BYTES];
            byte[] stream = new byte[zeros.length];
            for (int offset = 0; offset < target.length; offset += CHUNK_INTS) {
                int ints = Math.min(CHUNK_INTS, target.length - offset);
                ctr.update(zeros, 0, ints * Integer.BYTES, stream, 0);
                IntBuffer words = ByteBuffer.wrap(stream, 0, ints * Integer.BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asIntBuffer();
                for (int i = 0; i < ints; i++) {
                    target[offset + i] += sign * words.get(i);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable", e);
        }
    }
}
