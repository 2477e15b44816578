package io.pdm.federated.secagg;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The mask between clients u and v is PRG(s_uv) with s_uv from X25519 of their mask-agreement keys; u adds it when
 * u &lt; v and subtracts it otherwise, so the pair's masks cancel in the sum. The server uses the same code with
 * a dropped client's reconstructed key to cancel what the survivors added.
 */
final class PairwiseMasks {

    static final String SELF_MASK = "self-mask";
    private static final String PAIRWISE_MASK = "pairwise-mask";

    private PairwiseMasks() {}

    /**
     * Adds {@code direction} × (the mask {@code owner} applies for its pair with {@code other}) to the target;
     * direction +1 applies it, −1 removes it.
     */
    static void add(
            int[] target,
            PrivateKey ownOrReconstructed,
            PublicKey otherPublic,
            int owner,
            int other,
            String session,
            int direction) {
        byte[] seed = SecAggCrypto.pairKey(ownOrReconstructed, otherPublic, session, PAIRWISE_MASK, owner, other);
        int ownerSign = owner < other ? 1 : -1;
        MaskExpander.addMask(target, seed, session, PAIRWISE_MASK, ownerSign * direction);
    }
}
