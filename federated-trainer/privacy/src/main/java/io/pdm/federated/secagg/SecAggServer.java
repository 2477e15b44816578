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
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The aggregator's side of secure aggregation: it only routes sealed shares, sums masked vectors and, once enough
 * clients answer round 3, reconstructs exactly the secrets needed to strip the masks off the sum. Each round is
 * "receive messages, then close": whoever has not sent by the close counts as dropped. With a {@link NeighbourGraph}
 * of degree k (SecAgg+) every client's secrets are shared among its k neighbours, so the server hands each client
 * only its neighbours' keys and shares, and recovers each secret from the holders of that client; its work is
 * O(n·k) instead of O(n²). Not thread-safe.
 */
public final class SecAggServer {

    private enum Phase {
        ADVERTISING,
        SHARING_KEYS,
        COLLECTING_INPUTS,
        UNMASKING,
        DONE
    }

    private final SecAggConfig config;
    private final NeighbourGraph graph;
    private Phase phase = Phase.ADVERTISING;
    private final SortedMap<Integer, AdvertisedKeys> advertised = new TreeMap<>();
    private final SortedMap<Integer, SharedKeys> shared = new TreeMap<>();
    private final SortedSet<Integer> inputSenders = new TreeSet<>();
    private final int[] maskedSum;
    private final SortedMap<Integer, UnmaskingShares> unmaskingResponses = new TreeMap<>();
    private final Map<List<Integer>, BigInteger[]> lagrangeWeights = new java.util.HashMap<>();

    public SecAggServer(SecAggConfig config) {
        this.config = config;
        this.graph = config.graph();
        this.maskedSum = new int[config.dimension()];
    }

    public void receive(AdvertisedKeys keys) {
        requirePhase(Phase.ADVERTISING);
        requireNew(keys.client(), advertised.containsKey(keys.client()) || !config.isClientId(keys.client()));
        SecAggCrypto.publicKeyFrom(keys.shareEncryptionKey());
        SecAggCrypto.publicKeyFrom(keys.maskAgreementKey());
        advertised.put(keys.client(), keys);
    }

    /** Ends round 0; returns every advertised key (U1). Each client gets its part, {@link #directoryFor}. */
    public KeyDirectory closeAdvertising() {
        requirePhase(Phase.ADVERTISING);
        requireThreshold("advertising keys", advertised.size());
        phase = Phase.SHARING_KEYS;
        return new KeyDirectory(advertised);
    }

    /** What client {@code client} of U1 gets after round 0: its own keys and its advertising neighbours'. */
    public KeyDirectory directoryFor(int client) {
        if (phase == Phase.ADVERTISING || !advertised.containsKey(client)) {
            throw new SecAggException("client " + client + " has no key directory (it did not advertise keys)");
        }
        if (graph.isComplete()) {
            return new KeyDirectory(advertised);
        }
        SortedMap<Integer, AdvertisedKeys> part = new TreeMap<>();
        for (int holder : graph.holders(client)) {
            AdvertisedKeys keys = advertised.get(holder);
            if (keys != null) part.put(holder, keys);
        }
        return new KeyDirectory(part);
    }

    public void receive(SharedKeys keys) {
        requirePhase(Phase.SHARING_KEYS);
        requireNew(keys.client(), shared.containsKey(keys.client()) || !advertised.containsKey(keys.client()));
        for (EncryptedShares shares : keys.shares()) {
            if (shares.from() != keys.client()
                    || !advertised.containsKey(shares.to())
                    || !graph.areNeighbours(shares.from(), shares.to())) {
                throw new SecAggException(
                        "client " + keys.client() + " sent shares " + shares.from() + "->" + shares.to());
            }
        }
        shared.put(keys.client(), keys);
    }

    /** Ends round 1; routes to each client in U2 the shares the other members of U2 sealed for it. */
    public Map<Integer, SharesForClient> closeKeySharing() {
        requirePhase(Phase.SHARING_KEYS);
        requireThreshold("key sharing", shared.size());
        Map<Integer, List<EncryptedShares>> inbox = new TreeMap<>();
        shared.keySet().forEach(client -> inbox.put(client, new ArrayList<>()));
        for (SharedKeys keys : shared.values()) {
            for (EncryptedShares shares : keys.shares()) {
                if (inbox.containsKey(shares.to())) {
                    inbox.get(shares.to()).add(shares);
                }
            }
        }
        phase = Phase.COLLECTING_INPUTS;
        Map<Integer, SharesForClient> routed = new TreeMap<>();
        inbox.forEach((client, shares) -> routed.put(client, new SharesForClient(client, shares)));
        return routed;
    }

    public void receive(MaskedInput input) {
        requirePhase(Phase.COLLECTING_INPUTS);
        requireNew(input.client(), inputSenders.contains(input.client()) || !shared.containsKey(input.client()));
        int[] vector = input.maskedVector();
        if (vector.length != config.dimension()) {
            throw new SecAggException(
                    "client " + input.client() + " sent " + vector.length + " entries, expected " + config.dimension());
        }
        for (int i = 0; i < vector.length; i++) {
            maskedSum[i] += vector[i]; // wraps modulo 2^32, as the masks require
        }
        inputSenders.add(input.client());
    }

    /**
     * Ends round 2; the request names the survivors U3, so everyone in U2 \ U3 is treated as dropped. Fails at once
     * if some secret could not be recovered even if every survivor answers round 3: a survivor or a dropped client
     * with survivors among its neighbours whose surviving holders are fewer than t.
     */
    public UnmaskingRequest closeInputCollection() {
        requirePhase(Phase.COLLECTING_INPUTS);
        requireThreshold("masked input", inputSenders.size());
        for (int owner : ownersToRecover()) {
            int holders = holdersAmong(owner, inputSenders);
            if (holders < config.threshold()) {
                throw TooFewSurvivorsException.ofClient(
                        "masked input", owner, inputSenders.contains(owner), holders, config.threshold());
            }
        }
        phase = Phase.UNMASKING;
        return new UnmaskingRequest(inputSenders);
    }

    public void receive(UnmaskingShares response) {
        requirePhase(Phase.UNMASKING);
        int client = response.client();
        requireNew(client, unmaskingResponses.containsKey(client) || !inputSenders.contains(client));
        SortedSet<Integer> seedOwners = new TreeSet<>();
        SortedSet<Integer> keyOwners = new TreeSet<>();
        for (int owner : shared.keySet()) { // the client holds shares of every holder of U2 whose shares reached it
            if (owner == client || graph.areNeighbours(owner, client)) {
                (inputSenders.contains(owner) ? seedOwners : keyOwners).add(owner);
            }
        }
        if (!response.selfMaskSeedShares().keySet().equals(seedOwners)
                || !response.maskKeyShares().keySet().equals(keyOwners)) {
            throw new SecAggException("client " + client + " sent shares for the wrong clients");
        }
        unmaskingResponses.put(client, response);
    }

    /** Ends round 3: removes every self mask and the dropped clients' pairwise masks from the sum. */
    public SecAggResult finish() {
        requirePhase(Phase.UNMASKING);
        requireThreshold("unmasking", unmaskingResponses.size());
        for (int owner : ownersToRecover()) {
            int holders = holdersAmong(owner, unmaskingResponses.keySet());
            if (holders < config.threshold()) {
                throw TooFewSurvivorsException.ofClient(
                        "unmasking", owner, inputSenders.contains(owner), holders, config.threshold());
            }
        }
        phase = Phase.DONE;
        int[] sum = maskedSum.clone();
        for (int survivor : inputSenders) {
            byte[] seed = reconstruct(survivor, UnmaskingShares::selfMaskSeedShares);
            MaskExpander.addMask(sum, seed, config.sessionId(), PairwiseMasks.SELF_MASK, -1);
        }
        for (int dropped : droppedAfterKeySharing()) {
            if (survivingNeighbours(dropped).isEmpty()) {
                continue; // nobody masked with it
            }
            PrivateKey droppedKey = SecAggCrypto.privateKeyFrom(reconstruct(dropped, UnmaskingShares::maskKeyShares));
            for (int survivor : survivingNeighbours(dropped)) {
                PairwiseMasks.add(
                        sum,
                        droppedKey,
                        SecAggCrypto.publicKeyFrom(advertised.get(survivor).maskAgreementKey()),
                        survivor,
                        dropped,
                        config.sessionId(),
                        -1);
            }
        }
        SortedSet<Integer> notContributing = new TreeSet<>();
        for (int client = 1; client <= config.clientCount(); client++) {
            if (!inputSenders.contains(client)) {
                notContributing.add(client);
            }
        }
        return new SecAggResult(sum, config.codec().decodeSum(sum), inputSenders, notContributing);
    }

    private byte[] reconstruct(int owner, Function<UnmaskingShares, Map<Integer, BigInteger>> sharesOf) {
        List<Integer> xs = new ArrayList<>();
        List<BigInteger> ys = new ArrayList<>();
        for (UnmaskingShares response : unmaskingResponses.values()) {
            BigInteger share = sharesOf.apply(response).get(owner);
            if (share != null && xs.size() < config.threshold()) { // only the owner's holders have one
                xs.add(response.client());
                ys.add(share);
            }
        }
        if (xs.size() < config.threshold()) {
            throw new TooFewSurvivorsException("unmasking", xs.size(), config.threshold());
        }
        // the same first t holders recur for many owners (all of them with the complete graph): weights once each
        BigInteger[] weights = lagrangeWeights.computeIfAbsent(
                xs,
                key -> ShamirSecretSharing.weightsAtZero(
                        key.stream().mapToInt(Integer::intValue).toArray()));
        BigInteger secret = ShamirSecretSharing.combine(weights, ys);
        if (secret.bitLength() > 8 * SecAggCrypto.SEED_BYTES) {
            throw new SecAggException(
                    "reconstructed secret of client " + owner + " is not 32 bytes: inconsistent shares");
        }
        return ShamirSecretSharing.toFixedBytes(secret, SecAggCrypto.SEED_BYTES);
    }

    /** Survivors whose self mask, and dropped clients whose pairwise masks with survivors, must be removed. */
    private SortedSet<Integer> ownersToRecover() {
        SortedSet<Integer> owners = new TreeSet<>(inputSenders);
        for (int dropped : droppedAfterKeySharing()) {
            if (!survivingNeighbours(dropped).isEmpty()) owners.add(dropped);
        }
        return owners;
    }

    /** Holders of the owner's shares (itself and its neighbours in U2) that are in {@code alive}. */
    private int holdersAmong(int owner, java.util.Set<Integer> alive) {
        int holders = 0;
        for (int client : alive) {
            if ((client == owner || graph.areNeighbours(owner, client)) && shared.containsKey(client)) holders++;
        }
        return holders;
    }

    private SortedSet<Integer> survivingNeighbours(int client) {
        SortedSet<Integer> survivors = new TreeSet<>();
        for (int survivor : inputSenders) {
            if (graph.areNeighbours(client, survivor)) survivors.add(survivor);
        }
        return survivors;
    }

    private SortedSet<Integer> droppedAfterKeySharing() {
        SortedSet<Integer> dropped = new TreeSet<>(shared.keySet());
        dropped.removeAll(inputSenders);
        return dropped;
    }

    private void requireThreshold(String phaseName, int survivors) {
        if (survivors < config.threshold()) {
            throw new TooFewSurvivorsException(phaseName, survivors, config.threshold());
        }
    }

    private void requirePhase(Phase expected) {
        if (phase != expected) {
            throw new IllegalStateException("server is at " + phase + ", not " + expected);
        }
    }

    private static void requireNew(int client, boolean rejected) {
        if (rejected) {
            throw new SecAggException("unexpected or repeated message from client " + client);
        }
    }
}
