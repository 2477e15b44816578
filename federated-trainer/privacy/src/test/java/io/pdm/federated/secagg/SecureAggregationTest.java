package io.pdm.federated.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.pdm.federated.secagg.SecAggMessage.EncryptedShares;
import io.pdm.federated.secagg.SecAggMessage.KeyDirectory;
import io.pdm.federated.secagg.SecAggMessage.MaskedInput;
import io.pdm.federated.secagg.SecAggMessage.SharesForClient;
import io.pdm.federated.secagg.SecAggMessage.UnmaskingRequest;
import io.pdm.federated.secagg.SecAggMessage.UnmaskingShares;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SecureAggregationTest {

    private static final FixedPointCodec CODEC = new FixedPointCodec(1 << 16, 8.0);
    private final SecureRandom random = new SecureRandom();

    private static Map<Integer, float[]> randomInputs(int clients, int dimension, long seed) {
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

    /** The plain sums the protocol must reproduce: exact in the ring, and the clamped floats within rounding error. */
    static void assertSumOf(
            SecAggResult result, Map<Integer, float[]> inputs, Set<Integer> contributors, FixedPointCodec codec) {
        int dimension = result.sum().length;
        int[] expectedRing = new int[dimension];
        double[] expectedFloat = new double[dimension];
        for (int client : contributors) {
            int[] encoded = codec.encode(inputs.get(client));
            for (int i = 0; i < dimension; i++) {
                expectedRing[i] += encoded[i];
                expectedFloat[i] += Math.max(-codec.range(), Math.min(codec.range(), inputs.get(client)[i]));
            }
        }
        assertThat(result.contributors()).containsExactlyInAnyOrderElementsOf(contributors);
        assertThat(result.quantisedSum()).containsExactly(expectedRing);
        double tolerance = contributors.size() * 0.5 / codec.scale() + 1e-6;
        for (int i = 0; i < dimension; i++) {
            assertThat((double) result.sum()[i]).isCloseTo(expectedFloat[i], within(tolerance));
        }
    }

    @Test
    void withoutDropoutsTheServerGetsTheExactSum() {
        SecAggConfig config = SecAggConfig.withThresholdFraction("round-1", 5, 2.0 / 3, 100, CODEC);
        Map<Integer, float[]> inputs = randomInputs(5, 100, 1);

        SecAggResult result = InMemorySecAggRound.run(config, inputs, DropoutSchedule.NONE, random);

        assertSumOf(result, inputs, Set.of(1, 2, 3, 4, 5), CODEC);
        assertThat(result.dropped()).isEmpty();
    }

    @Test
    void pairwiseMasksOfAClientThatDroppedBeforeMaskingAreCancelledByReconstruction() {
        SecAggConfig config = new SecAggConfig("round-2", 5, 3, 50, CODEC);
        Map<Integer, float[]> inputs = randomInputs(5, 50, 2);

        SecAggResult result =
                InMemorySecAggRound.run(config, inputs, new DropoutSchedule(Set.of(), Set.of(2, 4), Set.of()), random);

        assertSumOf(result, inputs, Set.of(1, 3, 5), CODEC);
        assertThat(result.dropped()).containsExactly(2, 4);
    }

    @Test
    void dropoutsAtEveryPhaseTogether() {
        // 9 invited, t = 5: client 9 never shows up, 8 leaves before sharing keys, 2 before masking, and 3 masks
        // its input but never helps unmask (its input still counts).
        SecAggConfig config = new SecAggConfig("round-3", 9, 5, 30, CODEC);
        Map<Integer, float[]> inputs = randomInputs(8, 30, 3);

        SecAggResult result =
                InMemorySecAggRound.run(config, inputs, new DropoutSchedule(Set.of(8), Set.of(2), Set.of(3)), random);

        assertSumOf(result, inputs, Set.of(1, 3, 4, 5, 6, 7), CODEC);
        assertThat(result.dropped()).containsExactly(2, 8, 9);
    }

    @Test
    void aMaskedVectorAloneIsUncorrelatedWithItsInput() {
        int dimension = 20_000;
        SecAggConfig config = new SecAggConfig("round-4", 3, 2, dimension, CODEC);
        float[] input = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            input[i] = (float) Math.sin(i / 50.0); // a strongly structured signal
        }
        SecAggServer server = new SecAggServer(config);
        List<SecAggClient> clients = List.of(
                new SecAggClient(1, config, random),
                new SecAggClient(2, config, random),
                new SecAggClient(3, config, random));
        clients.forEach(client -> server.receive(client.advertiseKeys()));
        KeyDirectory directory = server.closeAdvertising();
        clients.forEach(client -> server.receive(client.shareKeys(directory)));
        Map<Integer, SharesForClient> routed = server.closeKeySharing();

        MaskedInput masked = clients.get(0).maskInput(routed.get(1), input);

        int[] encoded = CODEC.encode(input);
        int[] seen = masked.maskedVector();
        assertThat(Math.abs(correlation(encoded, seen))).isLessThan(0.05);
        long unchanged = java.util.stream.IntStream.range(0, dimension)
                .filter(i -> seen[i] == encoded[i])
                .count();
        assertThat(unchanged).isLessThan(5);
    }

    private static double correlation(int[] a, int[] b) {
        double meanA = java.util.Arrays.stream(a).average().orElseThrow();
        double meanB = java.util.Arrays.stream(b).average().orElseThrow();
        double covariance = 0;
        double varianceA = 0;
        double varianceB = 0;
        for (int i = 0; i < a.length; i++) {
            covariance += (a[i] - meanA) * (b[i] - meanB);
            varianceA += (a[i] - meanA) * (a[i] - meanA);
            varianceB += (b[i] - meanB) * (b[i] - meanB);
        }
        return covariance / Math.sqrt(varianceA * varianceB);
    }

    @Test
    void tooManyDropoutsBeforeMaskingFailCleanly() {
        SecAggConfig config = SecAggConfig.withThresholdFraction("round-5", 5, 2.0 / 3, 10, CODEC); // t = 4

        assertThatThrownBy(() -> InMemorySecAggRound.run(
                        config, randomInputs(5, 10, 5), new DropoutSchedule(Set.of(), Set.of(1, 2), Set.of()), random))
                .isInstanceOfSatisfying(TooFewSurvivorsException.class, failure -> {
                    assertThat(failure.phase()).isEqualTo("masked input");
                    assertThat(failure.survivors()).isEqualTo(3);
                    assertThat(failure.threshold()).isEqualTo(4);
                });
    }

    @Test
    void tooFewUnmaskingResponsesFailCleanly() {
        SecAggConfig config = new SecAggConfig("round-6", 5, 4, 10, CODEC);

        assertThatThrownBy(() -> InMemorySecAggRound.run(
                        config, randomInputs(5, 10, 6), new DropoutSchedule(Set.of(), Set.of(), Set.of(1, 2)), random))
                .isInstanceOf(TooFewSurvivorsException.class)
                .hasMessageContaining("unmasking: only 3 clients left");
    }

    @Test
    void clientRefusesAnUnmaskingRequestWithFewerSurvivorsThanTheThreshold() {
        SecAggConfig config = new SecAggConfig("round-7", 3, 2, 4, CODEC);
        SecAggServer server = new SecAggServer(config);
        List<SecAggClient> clients = List.of(
                new SecAggClient(1, config, random),
                new SecAggClient(2, config, random),
                new SecAggClient(3, config, random));
        clients.forEach(client -> server.receive(client.advertiseKeys()));
        KeyDirectory directory = server.closeAdvertising();
        clients.forEach(client -> server.receive(client.shareKeys(directory)));
        Map<Integer, SharesForClient> routed = server.closeKeySharing();
        clients.get(0).maskInput(routed.get(1), new float[4]);

        // A curious server claims only client 1 survived, hoping for everyone else's mask keys.
        assertThatThrownBy(() -> clients.get(0).unmask(new UnmaskingRequest(Set.of(1))))
                .isInstanceOf(TooFewSurvivorsException.class);
    }

    @Test
    void tamperedShareCiphertextIsRejected() {
        SecAggConfig config = new SecAggConfig("round-8", 3, 2, 4, CODEC);
        SecAggServer server = new SecAggServer(config);
        List<SecAggClient> clients = List.of(
                new SecAggClient(1, config, random),
                new SecAggClient(2, config, random),
                new SecAggClient(3, config, random));
        clients.forEach(client -> server.receive(client.advertiseKeys()));
        KeyDirectory directory = server.closeAdvertising();
        clients.forEach(client -> server.receive(client.shareKeys(directory)));
        SharesForClient forOne = server.closeKeySharing().get(1);
        EncryptedShares original = forOne.shares().get(0);
        byte[] flipped = original.ciphertext();
        flipped[flipped.length - 1] ^= 1;
        SharesForClient tampered = new SharesForClient(
                1,
                List.of(
                        new EncryptedShares(original.from(), original.to(), flipped),
                        forOne.shares().get(1)));

        assertThatThrownBy(() -> clients.get(0).maskInput(tampered, new float[4]))
                .isInstanceOf(SecAggException.class)
                .hasMessageContaining("authentication");
    }

    /** Every client of the config up to its round-3 response; clients in {@code dropBeforeMasking} never send an input. */
    private Map<Integer, UnmaskingShares> unmaskingResponses(
            SecAggServer server, SecAggConfig config, Set<Integer> dropBeforeMasking) {
        Map<Integer, SecAggClient> clients = new TreeMap<>();
        for (int id = 1; id <= config.clientCount(); id++) {
            clients.put(id, new SecAggClient(id, config, random));
        }
        clients.values().forEach(client -> server.receive(client.advertiseKeys()));
        KeyDirectory directory = server.closeAdvertising();
        clients.values().forEach(client -> server.receive(client.shareKeys(directory)));
        Map<Integer, SharesForClient> routed = server.closeKeySharing();
        clients.keySet().removeAll(dropBeforeMasking);
        clients.values()
                .forEach(client ->
                        server.receive(client.maskInput(routed.get(client.id()), new float[config.dimension()])));
        UnmaskingRequest request = server.closeInputCollection();
        Map<Integer, UnmaskingShares> responses = new TreeMap<>();
        clients.values().forEach(client -> responses.put(client.id(), client.unmask(request)));
        return responses;
    }

    /** A share a client might send by mistake or malice: a field element unrelated to the polynomial. */
    private BigInteger unrelatedShare() {
        return new BigInteger(521, random).mod(ShamirSecretSharing.PRIME);
    }

    @Test
    void aReplacedSelfMaskSeedShareIsRejectedAtReconstruction() {
        SecAggConfig config = new SecAggConfig("round-9", 5, 3, 4, CODEC);
        SecAggServer server = new SecAggServer(config);
        Map<Integer, UnmaskingShares> responses = unmaskingResponses(server, config, Set.of());
        UnmaskingShares fromTwo = responses.get(2);
        Map<Integer, BigInteger> seedShares = new TreeMap<>(fromTwo.selfMaskSeedShares());
        seedShares.put(4, unrelatedShare());

        responses.forEach((client, response) ->
                server.receive(client == 2 ? new UnmaskingShares(2, seedShares, fromTwo.maskKeyShares()) : response));

        assertThatThrownBy(server::finish)
                .isInstanceOf(SecAggException.class)
                .hasMessageContaining("secret of client 4 is not 32 bytes: inconsistent shares");
    }

    @Test
    void aReplacedMaskKeyShareIsRejectedWithExactlyThresholdResponses() {
        // 5 clients, t = 3: client 5 drops before masking and client 4 stays silent in round 3, so the server
        // reconstructs client 5's mask key from exactly t shares, one of them wrong.
        SecAggConfig config = new SecAggConfig("round-10", 5, 3, 4, CODEC);
        SecAggServer server = new SecAggServer(config);
        Map<Integer, UnmaskingShares> responses = unmaskingResponses(server, config, Set.of(5));
        UnmaskingShares fromOne = responses.get(1);
        Map<Integer, BigInteger> keyShares = new TreeMap<>(fromOne.maskKeyShares());
        keyShares.put(5, unrelatedShare());

        server.receive(new UnmaskingShares(1, fromOne.selfMaskSeedShares(), keyShares));
        server.receive(responses.get(2));
        server.receive(responses.get(3));

        assertThatThrownBy(server::finish)
                .isInstanceOf(SecAggException.class)
                .hasMessageContaining("secret of client 5 is not 32 bytes: inconsistent shares");
    }

    @Test
    void configurationRejectsWeakThresholdsAndRingOverflow() {
        assertThatThrownBy(() -> new SecAggConfig("s", 6, 3, 10, CODEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> new SecAggConfig("s", 1000, 700, 10, new FixedPointCodec(1 << 20, 100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overflows");
        assertThat(SecAggConfig.withThresholdFraction("s", 9, 2.0 / 3, 1, CODEC).threshold())
                .isEqualTo(6);
    }

    @Test
    void codecClampsToItsRangeAndDecodesNegativeSums() {
        FixedPointCodec codec = new FixedPointCodec(10, 1.0);

        assertThat(codec.encode(new float[] {0.26f, -0.24f, 5f, -5f})).containsExactly(3, -2, 10, -10);
        assertThat(codec.decodeSum(new int[] {-25})).containsExactly(-2.5f);
    }
}
