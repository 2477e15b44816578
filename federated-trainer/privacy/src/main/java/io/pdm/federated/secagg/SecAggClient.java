package io.pdm.federated.secagg;

import io.pdm.federated.secagg.SecAggMessage.AdvertisedKeys;
import io.pdm.federated.secagg.SecAggMessage.EncryptedShares;
import io.pdm.federated.secagg.SecAggMessage.KeyDirectory;
import io.pdm.federated.secagg.SecAggMessage.MaskedInput;
import io.pdm.federated.secagg.SecAggMessage.SharedKeys;
import io.pdm.federated.secagg.SecAggMessage.SharesForClient;
import io.pdm.federated.secagg.SecAggMessage.UnmaskingRequest;
import io.pdm.federated.secagg.SecAggMessage.UnmaskingShares;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One plant's side of secure aggregation (Bonawitz et al. 2017, "Practical Secure Aggregation for
 * Privacy-Preserving Machine Learning", honest-but-curious variant), hand-written over JCA/BC primitives because no
 * Java library implements the protocol. A state machine: call each round's method once, in order, with the
 * server's message; each returns the message to send back. Not thread-safe.
 *
 * <p>With a {@link NeighbourGraph} of degree k below n − 1 this is SecAgg+ (Bell et al. 2020): the client agrees
 * keys, Shamir-shares its secrets and masks only with its k neighbours, and refuses a key directory that lists anyone
 * the round's graph (derived from the session id) does not make its neighbour. The keys in this layer are not
 * signed; over HTTP each plant signs its keys with its certificate's key and checks its peers' signatures before
 * calling {@link #shareKeys} ({@code io.pdm.federated.pki.KeyBinding}).
 */
public final class SecAggClient {

    private enum Phase {
        NEW,
        KEYS_ADVERTISED,
        KEYS_SHARED,
        INPUT_MASKED,
        DONE
    }

    private final int id;
    private final SecAggConfig config;
    private final SecureRandom random;
    private final NeighbourGraph graph;
    private Phase phase = Phase.NEW;
    private KeyPair shareEncryptionKeys;
    private KeyPair maskAgreementKeys;
    private KeyDirectory directory;
    private byte[] selfMaskSeed;
    private final Map<Integer, BigInteger> selfMaskSeedSharesHeld = new HashMap<>();
    private final Map<Integer, BigInteger> maskKeySharesHeld = new HashMap<>();
    private final Set<Integer> keySharingClients = new TreeSet<>(); // U2, including this client

    public SecAggClient(int id, SecAggConfig config, SecureRandom random) {
        if (!config.isClientId(id)) {
            throw new IllegalArgumentException("client id must be in 1.." + config.clientCount() + ", was " + id);
        }
        this.id = id;
        this.config = config;
        this.random = random;
        this.graph = config.graph();
    }

    public int id() {
        return id;
    }

    /** Round 0: fresh key pairs for this round only. */
    public AdvertisedKeys advertiseKeys() {
        advance(Phase.NEW, Phase.KEYS_ADVERTISED);
        shareEncryptionKeys = SecAggCrypto.generateX25519(random);
        maskAgreementKeys = SecAggCrypto.generateX25519(random);
        return new AdvertisedKeys(
                id,
                shareEncryptionKeys.getPublic().getEncoded(),
                maskAgreementKeys.getPublic().getEncoded());
    }

    /**
     * Round 1: Shamir-share the self-mask seed and mask-agreement key among this client and its neighbours in U1,
     * sealed per recipient.
     */
    public SharedKeys shareKeys(KeyDirectory keyDirectory) {
        advance(Phase.KEYS_ADVERTISED, Phase.KEYS_SHARED);
        checkDirectory(keyDirectory);
        directory = keyDirectory;
        selfMaskSeed = new byte[SecAggCrypto.SEED_BYTES];
        random.nextBytes(selfMaskSeed);
        List<Integer> holders =
                new ArrayList<>(new TreeSet<>(keyDirectory.keysByClient().keySet()));
        List<ShamirShare> seedShares =
                ShamirSecretSharing.split(new BigInteger(1, selfMaskSeed), config.threshold(), holders, random);
        List<ShamirShare> keyShares = ShamirSecretSharing.split(
                new BigInteger(1, SecAggCrypto.privateScalar(maskAgreementKeys.getPrivate())),
                config.threshold(),
                holders,
                random);
        List<EncryptedShares> sealed = new ArrayList<>();
        for (int i = 0; i < holders.size(); i++) {
            int holder = holders.get(i);
            SharePlaintext plaintext = new SharePlaintext(
                    id, holder, seedShares.get(i).y(), keyShares.get(i).y());
            if (holder == id) {
                keep(plaintext);
                continue;
            }
            byte[] key = shareEncryptionKeyWith(holder);
            sealed.add(new EncryptedShares(
                    id,
                    holder,
                    SecAggCrypto.seal(
                            key,
                            SharePlaintext.associatedData(config.sessionId(), id, holder),
                            plaintext.encode(),
                            random)));
        }
        return new SharedKeys(id, sealed);
    }

    /** Round 2: open the shares received, then send input + PRG(b_u) + Σ ±PRG(s_uv) over U2, in Z_2^32. */
    public MaskedInput maskInput(SharesForClient received, float[] delta) {
        advance(Phase.KEYS_SHARED, Phase.INPUT_MASKED);
        if (received.recipient() != id) {
            throw new SecAggException("client " + id + " was handed the shares of client " + received.recipient());
        }
        if (delta.length != config.dimension()) {
            throw new IllegalArgumentException(
                    "delta has " + delta.length + " entries, round expects " + config.dimension());
        }
        for (EncryptedShares shares : received.shares()) {
            if (shares.to() != id
                    || shares.from() == id
                    || !directory.keysByClient().containsKey(shares.from())
                    || selfMaskSeedSharesHeld.containsKey(shares.from())) {
                throw new SecAggException(
                        "unexpected shares " + shares.from() + "->" + shares.to() + " at client " + id);
            }
            SharePlaintext plaintext = SharePlaintext.decode(SecAggCrypto.open(
                    shareEncryptionKeyWith(shares.from()),
                    SharePlaintext.associatedData(config.sessionId(), shares.from(), id),
                    shares.ciphertext()));
            if (plaintext.from() != shares.from() || plaintext.to() != id) {
                throw new SecAggException("sealed share ids do not match its envelope");
            }
            keep(plaintext);
        }
        keySharingClients.addAll(selfMaskSeedSharesHeld.keySet());
        requireThreshold("masked input", keySharingClients.size());
        int[] masked = config.codec().encode(delta);
        MaskExpander.addMask(masked, selfMaskSeed, config.sessionId(), PairwiseMasks.SELF_MASK, 1);
        for (int other : keySharingClients) {
            if (other != id) {
                PairwiseMasks.add(
                        masked, maskAgreementKeys.getPrivate(), maskPublicKey(other), id, other, config.sessionId(), 1);
            }
        }
        Arrays.fill(selfMaskSeed, (byte) 0);
        return new MaskedInput(id, masked);
    }

    /** Round 3: reveal b-shares of survivors and mask-key shares of clients dropped after key sharing. */
    public UnmaskingShares unmask(UnmaskingRequest request) {
        advance(Phase.INPUT_MASKED, Phase.DONE);
        Set<Integer> survivors = request.survivors();
        if (!survivors.contains(id)) {
            throw new SecAggException("unmasking request omits client " + id);
        }
        int survivingHolders = 0;
        for (int survivor : survivors) {
            if (survivor == id || config.isClientId(survivor) && graph.areNeighbours(id, survivor)) {
                if (!keySharingClients.contains(survivor)) {
                    throw new SecAggException("unmasking request names client " + survivor + ", a neighbour of client "
                            + id + " that never shared keys with it");
                }
                survivingHolders++;
            } else if (!config.isClientId(survivor)) {
                throw new SecAggException("unmasking request names unknown client " + survivor);
            }
        }
        // Fewer surviving holders than t: revealing shares here could help unmask a single neighbour.
        requireThreshold("unmasking", survivingHolders);
        Map<Integer, BigInteger> seedShares = new HashMap<>();
        Map<Integer, BigInteger> keyShares = new HashMap<>();
        for (int owner : keySharingClients) {
            if (survivors.contains(owner)) {
                seedShares.put(owner, selfMaskSeedSharesHeld.get(owner));
            } else {
                keyShares.put(owner, maskKeySharesHeld.get(owner));
            }
        }
        return new UnmaskingShares(id, seedShares, keyShares);
    }

    private void checkDirectory(KeyDirectory keyDirectory) {
        Map<Integer, AdvertisedKeys> keys = keyDirectory.keysByClient();
        AdvertisedKeys own = keys.get(id);
        if (own == null
                || !Arrays.equals(
                        own.maskAgreementKey(), maskAgreementKeys.getPublic().getEncoded())
                || !Arrays.equals(
                        own.shareEncryptionKey(),
                        shareEncryptionKeys.getPublic().getEncoded())) {
            throw new SecAggException("key directory does not carry client " + id + "'s own keys");
        }
        Set<String> distinct = new HashSet<>();
        keys.forEach((client, advertised) -> {
            if (!config.isClientId(client) || client != advertised.client()) {
                throw new SecAggException("key directory has a bad entry for client " + client);
            }
            if (client != id && !graph.areNeighbours(id, client)) {
                throw new SecAggException("key directory lists client " + client
                        + ", which is not a neighbour of client "
                        + id + " in the round's graph (k = " + graph.degree() + ", from session " + config.sessionId()
                        + "): the server chose a graph of its own");
            }
            if (!distinct.add(Arrays.toString(advertised.maskAgreementKey()))
                    || !distinct.add(Arrays.toString(advertised.shareEncryptionKey()))) {
                throw new SecAggException("key directory repeats a public key (client " + client + ")");
            }
        });
        requireThreshold("key sharing", keys.size());
    }

    private void keep(SharePlaintext plaintext) {
        selfMaskSeedSharesHeld.put(plaintext.from(), plaintext.selfMaskSeedShare());
        maskKeySharesHeld.put(plaintext.from(), plaintext.maskKeyShare());
    }

    private byte[] shareEncryptionKeyWith(int other) {
        PublicKey theirs =
                SecAggCrypto.publicKeyFrom(directory.keysByClient().get(other).shareEncryptionKey());
        return SecAggCrypto.pairKey(
                shareEncryptionKeys.getPrivate(), theirs, config.sessionId(), "share-encryption", id, other);
    }

    private PublicKey maskPublicKey(int other) {
        return SecAggCrypto.publicKeyFrom(directory.keysByClient().get(other).maskAgreementKey());
    }

    private void requireThreshold(String phaseName, int survivors) {
        if (survivors < config.threshold()) {
            throw new TooFewSurvivorsException(phaseName, survivors, config.threshold());
        }
    }

    private void advance(Phase expected, Phase next) {
        if (phase != expected) {
            throw new IllegalStateException(
                    "client " + id + " is at " + phase + ", cannot do the step after " + expected);
        }
        phase = next;
    }
}
