package io.pdm.federated.secagg;

import static io.pdm.federated.secagg.SecureAggregationTest.assertSumOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.federated.secagg.SecAggMessage.AdvertisedKeys;
import io.pdm.federated.secagg.SecAggMessage.KeyDirectory;
import io.pdm.federated.secagg.SecAggMessage.SharedKeys;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** SecAgg+: each client shares keys, secrets and masks with its k neighbours only (k &lt; n − 1 here). */
class SecAggPlusTest {

    private static final FixedPointCodec CODEC = new FixedPointCodec(1 << 16, 8.0);
    private static final int CLIENTS = 15;
    private final SecureRandom random = new SecureRandom();

    private static Map<Integer, float[]> inputs(int clients, int dimension, long seed) {
        SplittableRandom values = new SplittableRandom(seed);
        Map<Integer, float[]> inputs = new TreeMap<>();
        for (int client = 1; client <= clients; client++) {
            float[] delta = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                delta[i] = (float) values.nextDouble(-1, 1);
            }
            inputs.put(client, delta);
        }
        return inputs;
    }

    private static Set<Integer> all(int clients) {
        Set<Integer> ids = new TreeSet<>();
        for (int client = 1; client <= clients; client++) ids.add(client);
        return ids;
    }

    @Test
    void withoutDropoutsTheSumIsExactAndEachClientSealsSharesForItsNeighboursOnly() {
        SecAggConfig config = new SecAggConfig("plus-1", CLIENTS, 5, 64, CODEC, 6);
        Map<Integer, float[]> inputs = inputs(CLIENTS, 64, 1);

        SecAggResult result = InMemorySecAggRound.run(config, inputs, DropoutSchedule.NONE, random);

        assertSumOf(result, inputs, all(CLIENTS), CODEC);
        // the O(k) part: client 1 seals shares for its 6 neighbours, not for the 14 others
        SecAggServer server = new SecAggServer(config);
        SecAggClient one = new SecAggClient(1, config, random);
        List<SecAggClient> everyone = new ArrayList<>(List.of(one));
        for (int id = 2; id <= CLIENTS; id++) everyone.add(new SecAggClient(id, config, random));
        everyone.forEach(client -> server.receive(client.advertiseKeys()));
        server.closeAdvertising();
        SharedKeys shared = one.shareKeys(server.directoryFor(1));
        assertThat(shared.shares())
                .extracting(SecAggMessage.EncryptedShares::to)
                .containsExactlyInAnyOrderElementsOf(config.graph().neighbours(1));
        assertThat(server.directoryFor(1).keysByClient()).hasSize(7);
    }

    @Test
    void clientsThatDropAfterSharingOrAfterMaskingAreRecoveredFromTheirNeighbours() {
        SecAggConfig config = new SecAggConfig("plus-2", CLIENTS, 5, 40, CODEC, 6);
        Map<Integer, float[]> inputs = inputs(CLIENTS, 40, 2);
        // 4 shares its keys and never masks: its pairwise masks with surviving neighbours are cancelled from its
        // mask key, rebuilt from its neighbours' shares; 9 masks and never answers round 3: its self mask is rebuilt
        // from its neighbours' shares, and its input stays in the sum
        DropoutSchedule dropouts = new DropoutSchedule(Set.of(), Set.of(4), Set.of(9));

        SecAggResult result = InMemorySecAggRound.run(config, inputs, dropouts, random);

        Set<Integer> contributors = all(CLIENTS);
        contributors.remove(4);
        assertSumOf(result, inputs, contributors, CODEC);
        assertThat(result.contributors()).contains(9);
        assertThat(result.dropped()).containsExactly(4);
    }

    @Test
    void aDroppedClientWithTooFewSurvivingNeighboursFailsTheRoundNamingIt() {
        SecAggConfig config = new SecAggConfig("plus-3", CLIENTS, 5, 16, CODEC, 6);
        NeighbourGraph graph = config.graph();
        int dropped = 7;
        List<Integer> neighbours = new ArrayList<>(graph.neighbours(dropped));
        // 7 and two of its six neighbours share keys and vanish: 7 keeps 4 neighbours, threshold 5
        Set<Integer> gone = Set.of(dropped, neighbours.get(0), neighbours.get(1));

        assertThatThrownBy(() -> InMemorySecAggRound.run(
                        config, inputs(CLIENTS, 16, 3), new DropoutSchedule(Set.of(), gone, Set.of()), random))
                .isInstanceOf(TooFewSurvivorsException.class)
                .hasMessageContaining("dropped after sharing its keys, but only 4 of its neighbours are left")
                .hasMessageContaining("threshold is 5")
                .satisfies(e ->
                        assertThat(((TooFewSurvivorsException) e).survivors()).isEqualTo(4))
                .satisfies(
                        e -> assertThat(gone).anyMatch(client -> e.getMessage().contains("client " + client + " ")));
    }

    @Test
    void aClientRefusesADirectoryWithKeysOfAClientThatIsNotItsNeighbourInTheSeedsGraph() {
        SecAggConfig config = new SecAggConfig("plus-4", CLIENTS, 5, 8, CODEC, 6);
        SecAggServer server = new SecAggServer(config);
        List<SecAggClient> clients = new ArrayList<>();
        for (int id = 1; id <= CLIENTS; id++) clients.add(new SecAggClient(id, config, random));
        clients.forEach(client -> server.receive(client.advertiseKeys()));
        KeyDirectory everyone = server.closeAdvertising();
        int stranger = all(CLIENTS).stream()
                .filter(id -> id != 1 && !config.graph().areNeighbours(1, id))
                .findFirst()
                .orElseThrow();
        // a server that picks client 1's peers itself: its true neighbourhood plus one client of its choice
        Map<Integer, AdvertisedKeys> chosen =
                new TreeMap<>(server.directoryFor(1).keysByClient());
        chosen.put(stranger, everyone.keysByClient().get(stranger));

        assertThatThrownBy(() -> clients.get(0).shareKeys(new KeyDirectory(chosen)))
                .isInstanceOf(SecAggException.class)
                .hasMessageContaining("lists client " + stranger + ", which is not a neighbour of client 1")
                .hasMessageContaining("the server chose a graph of its own");
        // and the graph of another session (another seed) is not this one's
        NeighbourGraph other = NeighbourGraph.of("plus-4-other", CLIENTS, 6);
        assertThat(all(CLIENTS).stream().map(other::neighbours).toList())
                .isNotEqualTo(
                        all(CLIENTS).stream().map(config.graph()::neighbours).toList());
    }

    @Test
    void aServerRefusesSharesSealedForAClientOutsideTheSendersNeighbourhood() {
        SecAggConfig config = new SecAggConfig("plus-5", CLIENTS, 5, 8, CODEC, 6);
        SecAggServer server = new SecAggServer(config);
        SecAggClient one = new SecAggClient(1, config, random);
        server.receive(one.advertiseKeys());
        for (int id = 2; id <= CLIENTS; id++) server.receive(new SecAggClient(id, config, random).advertiseKeys());
        KeyDirectory everyone = server.closeAdvertising();
        int stranger = all(CLIENTS).stream()
                .filter(id -> id != 1 && !config.graph().areNeighbours(1, id))
                .findFirst()
                .orElseThrow();
        SharedKeys honest = one.shareKeys(server.directoryFor(1));
        List<SecAggMessage.EncryptedShares> widened = new ArrayList<>(honest.shares());
        widened.add(new SecAggMessage.EncryptedShares(1, stranger, new byte[40]));

        assertThatThrownBy(() -> server.receive(new SharedKeys(1, widened)))
                .isInstanceOf(SecAggException.class)
                .hasMessageContaining("client 1 sent shares 1->" + stranger);
        assertThat(everyone.keysByClient()).hasSize(CLIENTS);
    }
}
