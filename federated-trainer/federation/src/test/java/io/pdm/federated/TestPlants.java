package io.pdm.federated;

import static org.awaitility.Awaitility.await;

import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.plant.FederatedClient;
import io.pdm.federated.plant.FederatedClientSettings;
import io.pdm.federated.protocol.AdapterLineage;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.model.tensor.TensorDict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Plants a to d with deterministic local training, and the global adapter FedAvg must produce from them. */
public final class TestPlants {

    public static final Map<String, TowardsTarget> TRAINING = Map.of(
            "plant-a", new TowardsTarget(TinyAdapters.weights(0.5f), 0.5, 100),
            "plant-b", new TowardsTarget(TinyAdapters.weights(-0.3f), 0.5, 300),
            "plant-c", new TowardsTarget(TinyAdapters.weights(0.9f), 0.25, 200),
            "plant-d", new TowardsTarget(TinyAdapters.weights(0.2f), 0.75, 50));

    private TestPlants() {}

    public static FederatedClientSettings settings(TestPki pki, AggregatorHandle aggregator, String plant, Path disks) {
        return FederatedClientSettings.of(
                TestAggregators.url(aggregator),
                pki.keyStore(plant),
                pki.trustStore(),
                TestPki.PASSWORD,
                plant,
                TRAINING.get(plant),
                disks.resolve(plant + "-" + aggregator.port()));
    }

    /** Seed version plus the example-weighted mean of the plants' deltas, as flat model-ordered values. */
    public static float[] expectedFedAvg(Collection<String> plants) {
        TensorDict seed = TinyAdapters.seed().weights();
        float[] expected = seed.flatten();
        double totalExamples = plants.stream()
                .mapToLong(plant -> TRAINING.get(plant).exampleCount())
                .sum();
        for (String plant : plants) {
            float[] delta = TRAINING.get(plant).deltaFrom(seed);
            for (int i = 0; i < expected.length; i++) {
                expected[i] += (float) (delta[i] * TRAINING.get(plant).exampleCount() / totalExamples);
            }
        }
        return expected;
    }

    public static RoundAnnouncement awaitRound(FederatedClient client) {
        return await().atMost(Duration.ofSeconds(10))
                .until(client::currentRound, Optional::isPresent)
                .orElseThrow();
    }

    public static AdapterLineage awaitVersion(FederatedClient client, long version) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> client.aggregator().latestAdapter().version() >= version);
        return client.aggregator().adapter(version).lineage();
    }
}
