package io.pdm.federated;

import io.pdm.embedded.TestPostgres;
import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.AggregatorSettings;
import io.pdm.federated.aggregator.round.Database;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.plant.AggregatorClient;
import io.pdm.model.lora.PeftAdapter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;

/** Aggregators on a fresh database over the test PKI, and plant API clients for them. */
public final class TestAggregators {

    public static final List<String> PLANTS = List.of("plant-a", "plant-b", "plant-c");

    private TestAggregators() {}

    public static AggregatorSettings settings(TestPki pki, RoundPolicy policy, List<String> plants) {
        return settings(pki, policy, plants, TinyAdapters.seed());
    }

    public static AggregatorSettings settings(TestPki pki, RoundPolicy policy, List<String> plants, PeftAdapter seed) {
        return new AggregatorSettings(
                0,
                pki.aggregatorPkcs12(),
                pki.revocationList(),
                Database.of(TestPostgres.newDatabase("fl_aggregator")),
                new TreeSet<>(plants),
                policy,
                seed,
                TinyAdapters.BASE_MODEL_HASH,
                Duration.ofMillis(50));
    }

    public static AggregatorHandle start(TestPki pki, RoundPolicy policy) {
        return AggregatorApplication.start(settings(pki, policy, PLANTS));
    }

    public static URI url(AggregatorHandle aggregator) {
        return URI.create("https://localhost:" + aggregator.port());
    }

    public static AggregatorClient client(TestPki pki, AggregatorHandle aggregator, String plant) {
        return new AggregatorClient(url(aggregator), pki.plantContext(plant), Duration.ofSeconds(10));
    }
}
