package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pdm.federated.TestAggregators;
import io.pdm.federated.TestPki;
import io.pdm.federated.TestPlants;
import io.pdm.federated.TinyAdapters;
import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.DeltaMetadata;
import io.pdm.federated.protocol.Int8Deltas;
import io.pdm.federated.protocol.RejectionReason;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.model.io.Safetensors;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.tensor.TensorDict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 8-bit delta wire format over the real path: plants' {@link FederatedClient}s upload {@code I8} safetensors
 * over HTTPS + mTLS, the aggregator (real PostgreSQL) dequantises and averages; and the plants' averaging of the
 * last K published versions.
 */
class QuantisedDeltaRoundIT {

    private static TestPki pki;
    private final List<AutoCloseable> running = new ArrayList<>();

    @TempDir
    Path plantDisks;

    @BeforeAll
    static void pki() {
        pki = TestPki.create();
    }

    @AfterEach
    void stopAll() throws Exception {
        java.util.Collections.reverse(running);
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
    }

    @Test
    void theAggregatorPublishesTheFedAvgOfExactlyTheLevelsAndScalesThePlantsEncoded() {
        AggregatorHandle aggregator = start();
        Map<String, FederatedClient> plants = clients(aggregator, 1);
        RoundAnnouncement round = TestPlants.awaitRound(plants.get("plant-a"));
        TensorDict seed = TinyAdapters.seed().weights();
        float[] expected = seed.flatten();
        double total = TestAggregators.PLANTS.stream()
                .mapToLong(p -> TestPlants.TRAINING.get(p).exampleCount())
                .sum();
        for (String plant : TestAggregators.PLANTS) {
            TensorDict delta =
                    TestPlants.TRAINING.get(plant).train(seed, round).adapter().minus(seed);
            Int8Deltas.Quantised q = Int8Deltas.nearest(AdapterArithmetic.peftNamed(delta));
            byte[] body = Int8Deltas.encode(q, metadata(plant, round).toMap());
            plants.get(plant).aggregator().uploadDelta(round.round(), plant, body);
            // independent of Int8Deltas' own dequantisation: level × scale, tensor by tensor
            long examples = TestPlants.TRAINING.get(plant).exampleCount();
            int i = 0;
            for (Map.Entry<String, io.pdm.model.tensor.HostTensor> tensor :
                    q.levels().asMap().entrySet()) {
                float scale = q.scales().get(tensor.getKey());
                for (float level : tensor.getValue().data()) {
                    expected[i++] += (float) (level * scale * examples / total);
                }
            }
        }
        TestPlants.awaitVersion(plants.get("plant-a"), 1);

        assertThat(plants.get("plant-b").syncLatest().load().weights().flatten())
                .containsExactly(expected, Offset.offset(1e-6f));
    }

    @Test
    void plantsUploadingI8ReachTheF32FedAvgWithinOneQuantisationStep() {
        AggregatorHandle aggregator = start();
        Map<String, FederatedClient> plants = clients(aggregator, 1);
        RoundAnnouncement round = TestPlants.awaitRound(plants.get("plant-a"));

        plants.values()
                .forEach(plant -> assertThat(plant.participate(round)).isInstanceOf(Participation.Contributed.class));
        TestPlants.awaitVersion(plants.get("plant-a"), 1);

        // Each plant's coordinate is off by less than its tensor's step max|delta|/127; the weighted mean by less
        // than the largest step of any plant.
        TensorDict seed = TinyAdapters.seed().weights();
        double largestStep = 0;
        for (String plant : TestAggregators.PLANTS) {
            float[] delta = TestPlants.TRAINING.get(plant).deltaFrom(seed);
            for (float v : delta) {
                largestStep = Math.max(largestStep, Math.abs(v) / 127.0);
            }
        }
        float[] exact = TestPlants.expectedFedAvg(TestAggregators.PLANTS);
        assertThat(plants.get("plant-c").syncLatest().load().weights().flatten())
                .containsExactly(exact, Offset.offset((float) largestStep));
    }

    @Test
    void anI8UploadWithoutItsScalesIsRefusedAsMalformed() {
        AggregatorHandle aggregator = start();
        Map<String, FederatedClient> plants = clients(aggregator, 1);
        RoundAnnouncement round = TestPlants.awaitRound(plants.get("plant-a"));
        TensorDict levels = TinyAdapters.weights(0)
                .unflatten(new float[TinyAdapters.weights(0).flatten().length]);
        byte[] body = Safetensors.encode(
                AdapterArithmetic.peftNamed(levels), metadata("plant-a", round).toMap(), SafetensorsDtype.I8);

        assertThatThrownBy(() -> plants.get("plant-a").aggregator().uploadDelta(round.round(), "plant-a", body))
                .isInstanceOfSatisfying(AggregatorRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED_DELTA);
                    assertThat(e.getMessage()).contains("I8 tensors without pdm.delta_encoding");
                });
    }

    @Test
    void aPlantServesTheMeanOfTheLastKPublishedVersions() {
        AggregatorHandle aggregator = start();
        Map<String, FederatedClient> plants = clients(aggregator, 2);
        for (long version = 1; version <= 3; version++) {
            RoundAnnouncement round = TestPlants.awaitRound(plants.get("plant-a"));
            plants.values().forEach(plant -> plant.participate(round));
            TestPlants.awaitVersion(plants.get("plant-a"), version);
        }
        FederatedClient plantB = plants.get("plant-b");
        plantB.syncLatest();

        float[] v2 = AdapterArithmetic.toPeftAdapter(plantB.aggregator().adapter(2))
                .weights()
                .flatten();
        float[] v3 = AdapterArithmetic.toPeftAdapter(plantB.aggregator().adapter(3))
                .weights()
                .flatten();
        float[] mean = new float[v3.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (((double) v2[i] + v3[i]) / 2);
        }
        assertThat(v2).isNotEqualTo(v3);
        assertThat(plantB.personalises())
                .as("the inference service must fetch the served adapter")
                .isTrue();
        assertThat(plantB.servedAdapter().orElseThrow().weights().flatten())
                .containsExactly(mean, Offset.offset(1e-7f));
        assertThat(plantB.globalToServe(1).weights().flatten())
                .as("version 1 has no predecessor but the seed, which is not averaged in")
                .containsExactly(
                        AdapterArithmetic.toPeftAdapter(plantB.aggregator().adapter(1))
                                .weights()
                                .flatten(),
                        Offset.offset(0f));
    }

    private DeltaMetadata metadata(String plant, RoundAnnouncement round) {
        return new DeltaMetadata(
                plant,
                round.round(),
                round.baseModelHash(),
                TestPlants.TRAINING.get(plant).exampleCount(),
                plant + "-nonce-round-" + round.round(),
                null,
                null,
                null);
    }

    private AggregatorHandle start() {
        AggregatorHandle aggregator = AggregatorApplication.start(
                TestAggregators.settings(pki, RoundPolicy.plain(3, Duration.ofSeconds(30)), TestAggregators.PLANTS));
        running.add(aggregator);
        return aggregator;
    }

    private Map<String, FederatedClient> clients(AggregatorHandle aggregator, int averagedVersions) {
        Map<String, FederatedClient> clients = new LinkedHashMap<>();
        for (String plant : TestAggregators.PLANTS) {
            FederatedClient client = new FederatedClient(TestPlants.settings(pki, aggregator, plant, plantDisks)
                    .withDeltaPrecision(SafetensorsDtype.I8)
                    .withAveragedVersions(averagedVersions));
            running.add(client);
            clients.put(plant, client);
        }
        return clients;
    }
}
