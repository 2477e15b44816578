package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pdm.federated.TestAggregators;
import io.pdm.federated.TestPki;
import io.pdm.federated.TestPlants;
import io.pdm.federated.TinyAdapters;
import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.AggregatorMetrics;
import io.pdm.federated.aggregator.AggregatorSettings;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.dp.GaussianDeltaMechanism;
import io.pdm.federated.dp.PrivacyBudget;
import io.pdm.federated.dp.SampledGaussianRound;
import io.pdm.federated.protocol.AdapterLineage;
import io.pdm.federated.protocol.PlantPrivacy;
import io.pdm.federated.protocol.RejectionReason;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.rules.AggregationStrategy;
import io.pdm.federated.rules.TrimmedMean;
import io.pdm.model.tensor.TensorDict;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** Whole rounds: plants' FederatedClients against a real aggregator over HTTPS + mTLS on a real PostgreSQL. */
class FederatedRoundIT {

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
    void threePlantsProduceTheFedAvgOfTheirDeltasAndStoreTheNewVersion() throws Exception {
        AggregatorHandle aggregator = start(
                TestAggregators.settings(pki, RoundPolicy.plain(3, Duration.ofSeconds(30)), TestAggregators.PLANTS));
        Map<String, FederatedClient> plants = clients(aggregator);
        RoundAnnouncement round = TestPlants.awaitRound(plants.get("plant-a"));

        plants.values()
                .forEach(plant -> assertThat(plant.participate(round)).isInstanceOf(Participation.Contributed.class));
        AdapterLineage lineage = TestPlants.awaitVersion(plants.get("plant-a"), 1);

        float[] expected = TestPlants.expectedFedAvg(TestAggregators.PLANTS);
        assertThat(globalOf(plants.get("plant-b").syncLatest().load().weights()))
                .containsExactly(expected, Offset.offset(1e-6f));
        assertThat(lineage.contributingPlants()).containsExactly("plant-a", "plant-b", "plant-c");
        assertThat(lineage.round()).isEqualTo(round.round());
        assertThat(lineage.parentVersion()).isZero();

        CurrentAdapterEndpoint endpoint =
                CurrentAdapterEndpoint.start(plants.get("plant-b"), new InetSocketAddress("127.0.0.1", 0));
        running.add(endpoint);
        HttpResponse<String> current = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + endpoint.port() + "/fl/v1/adapter/current"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(current.body()).contains("\"version\":1");
    }

    @Test
    void trimmedMeanRoundTakesTheCoordinateWiseMiddleDelta() {
        RoundPolicy policy = RoundPolicy.plain(3, Duration.ofSeconds(30))
                .withStrategy(AggregationStrategy.of(new TrimmedMean(0.34)));
        AggregatorHandle aggregator = start(TestAggregators.settings(pki, policy, TestAggregators.PLANTS));
        Map<String, FederatedClient> plants = clients(aggregator);
        RoundAnnouncement round = TestPlants.awaitRound(plants.get("plant-a"));

        plants.values().forEach(plant -> plant.participate(round));
        TestPlants.awaitVersion(plants.get("plant-a"), 1);

        TensorDict seed = TinyAdapters.weights(0.1f);
        float[] expected = seed.flatten();
        for (int i = 0; i < expected.length; i++) {
            float[] values = {
                TestPlants.TRAINING.get("plant-a").deltaFrom(seed)[i],
                TestPlants.TRAINING.get("plant-b").deltaFrom(seed)[i],
                TestPlants.TRAINING.get("plant-c").deltaFrom(seed)[i]
            };
            java.util.Arrays.sort(values);
            expected[i] += values[1];
        }
        assertThat(globalOf(plants.get("plant-a").syncLatest().load().weights()))
                .containsExactly(expected, Offset.offset(1e-6f));
    }

    @Test
    void latePlantIsDroppedAndCountedWhileTheRoundCompletesWithTheOthers() {
        AggregatorHandle aggregator = start(
                TestAggregators.settings(pki, RoundPolicy.plain(2, Duration.ofMillis(2000)), TestAggregators.PLANTS));
        Map<String, FederatedClient> plants = clients(aggregator);
        RoundAnnouncement round = TestPlants.awaitRound(plants.get("plant-a"));
        plants.get("plant-a").participate(round);
        plants.get("plant-b").participate(round);

        AdapterLineage lineage = TestPlants.awaitVersion(plants.get("plant-a"), 1);
        // read before the next round (no uploads) can also expire and add its dropped plants
        assertThat(aggregator.meterRegistry().counter(AggregatorMetrics.DROPPED).count())
                .isEqualTo(1);
        Participation late = plants.get("plant-c").participate(round);

        assertThat(late)
                .isInstanceOfSatisfying(
                        Participation.Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(RejectionReason.DEADLINE_PASSED));
        assertThat(lineage.contributingPlants()).containsExactly("plant-a", "plant-b");
        assertThat(lineage.droppedPlants()).containsExactly("plant-c");
        assertThat(AggregatorMetrics.rejections(aggregator.meterRegistry(), RejectionReason.DEADLINE_PASSED))
                .isEqualTo(1);
        assertThat(plants.get("plant-a").aggregator().round(round.round()).droppedPlants())
                .containsExactly("plant-c");
    }

    @Test
    void roundBelowQuorumFailsAndTheRetryOnTheSameBaseSucceeds() {
        AggregatorHandle aggregator = start(
                TestAggregators.settings(pki, RoundPolicy.plain(3, Duration.ofMillis(2500)), TestAggregators.PLANTS));
        Map<String, FederatedClient> plants = clients(aggregator);
        RoundAnnouncement failing = TestPlants.awaitRound(plants.get("plant-a"));
        plants.get("plant-a").participate(failing);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> plants.get("plant-a")
                        .aggregator()
                        .round(failing.round())
                        .status()
                        .equals("FAILED"));
        assertThat(plants.get("plant-a").aggregator().round(failing.round()).outcome())
                .contains("quorum not met");
        RoundAnnouncement retry = TestPlants.awaitRound(plants.get("plant-a"));
        assertThat(retry.round()).isGreaterThan(failing.round());
        assertThat(retry.baseVersion()).isEqualTo(failing.baseVersion());

        plants.values().forEach(plant -> plant.participate(retry));
        AdapterLineage lineage = TestPlants.awaitVersion(plants.get("plant-a"), 1);
        assertThat(lineage.round()).isEqualTo(retry.round());
        assertThat(globalOf(plants.get("plant-c").syncLatest().load().weights()))
                .containsExactly(TestPlants.expectedFedAvg(TestAggregators.PLANTS), Offset.offset(1e-6f));
    }

    @Test
    void restartedAggregatorReannouncesTheOpenRoundOnTheSameBaseAndKeepsPublishedVersions() {
        AggregatorSettings settings =
                TestAggregators.settings(pki, RoundPolicy.plain(3, Duration.ofSeconds(30)), TestAggregators.PLANTS);
        AggregatorHandle first = AggregatorApplication.start(settings);
        Map<String, FederatedClient> plants = clients(first);
        RoundAnnouncement round = TestPlants.awaitRound(plants.get("plant-a"));
        byte[] seedWeights = plants.get("plant-a").aggregator().adapter(0).weights();
        plants.get("plant-a").participate(round);
        plants.get("plant-b").participate(round);
        first.close();

        AggregatorHandle second = start(settings);
        Map<String, FederatedClient> again = clients(second);
        RoundAnnouncement reannounced = TestPlants.awaitRound(again.get("plant-c"));
        // The running aggregate died with the first process: the round is aborted and announced again, same base.
        assertThat(reannounced.round()).isEqualTo(round.round() + 1);
        assertThat(reannounced.baseVersion()).isEqualTo(round.baseVersion());
        assertThat(again.get("plant-a").aggregator().round(round.round()).status())
                .isEqualTo("ABORTED");
        for (FederatedClient plant : again.values()) {
            assertThat(plant.participate(reannounced)).isInstanceOf(Participation.Contributed.class);
        }

        TestPlants.awaitVersion(again.get("plant-c"), 1);
        FederatedClient plantC = again.get("plant-c");
        assertThat(plantC.aggregator().adapter(0).weights()).isEqualTo(seedWeights);
        assertThat(plantC.aggregator().adapter(1).lineage().round()).isEqualTo(reannounced.round());
        assertThat(globalOf(plantC.syncLatest().load().weights()))
                .containsExactly(TestPlants.expectedFedAvg(TestAggregators.PLANTS), Offset.offset(1e-6f));
    }

    @Test
    void plantWithDifferentialPrivacyRefusesToExceedItsBudget() {
        AggregatorHandle aggregator = start(TestAggregators.settings(
                pki,
                RoundPolicy.plain(1, Duration.ofSeconds(5)),
                TestAggregators.PLANTS)); // slack for a loaded machine
        double oneRound = PrivacyBudget.fresh("plant-a", 100, 1e-5).epsilonAfter(new SampledGaussianRound(1.0, 1.0, 1));
        ClientSidePrivacy privacy =
                new ClientSidePrivacy.DeltaNoise(new GaussianDeltaMechanism(1.0, 1.0), oneRound * 1.2, 1e-5, 1.0);
        FederatedClient privatePlant = client(aggregator, "plant-a", settings -> settings.withPrivacy(privacy));

        RoundAnnouncement first = TestPlants.awaitRound(privatePlant);
        assertThat(privatePlant.participate(first)).isInstanceOf(Participation.Contributed.class);
        TestPlants.awaitVersion(privatePlant, 1);
        RoundAnnouncement second = TestPlants.awaitRound(privatePlant);
        assertThat(privatePlant.participate(second))
                .isInstanceOfSatisfying(
                        Participation.Declined.class,
                        declined -> assertThat(declined.why()).contains("budget"));
        AdapterLineage lineage = privatePlant.aggregator().adapter(1).lineage();
        assertThat(lineage.privacy()).singleElement().satisfies(reported -> {
            assertThat(reported.clipNorm()).isEqualTo(1.0);
            assertThat(reported.noiseMultiplier()).isEqualTo(1.0);
            assertThat(reported.unit()).isEqualTo(PlantPrivacy.DELTA);
        });
    }

    @Test
    void plantWithDpSgdChargesItsStepsAndReportsPerExampleProtection() {
        AggregatorHandle aggregator = start(TestAggregators.settings(
                pki,
                RoundPolicy.plain(1, Duration.ofSeconds(5)),
                TestAggregators.PLANTS)); // slack for a loaded machine
        ClientSidePrivacy.DpSgd dpSgd = new ClientSidePrivacy.DpSgd(10, 1.0, 0.01, 30, 1e-3, 1e-5);
        PrivacyBudget fresh = PrivacyBudget.fresh("plant-a", 100, 1e-5);
        double oneRound = fresh.epsilonAfter(dpSgd.roundCost());
        double twoRounds = fresh.charge(dpSgd.roundCost()).epsilonAfter(dpSgd.roundCost());
        // A budget between one and two rounds of 30 sampled steps each.
        ClientSidePrivacy privacy = new ClientSidePrivacy.DpSgd(10, 1.0, 0.01, 30, (oneRound + twoRounds) / 2, 1e-5);
        FederatedClient privatePlant = client(aggregator, "plant-a", settings -> settings.withPrivacy(privacy));

        RoundAnnouncement first = TestPlants.awaitRound(privatePlant);
        assertThat(privatePlant.participate(first)).isInstanceOf(Participation.Contributed.class);
        TestPlants.awaitVersion(privatePlant, 1);
        // The noise is in training, so the delta arrives unnoised: the published version moved by the plant's step.
        assertThat(privatePlant.aggregator().adapter(1).weights())
                .isNotEqualTo(privatePlant.aggregator().adapter(0).weights());
        assertThat(privatePlant.participate(TestPlants.awaitRound(privatePlant)))
                .isInstanceOfSatisfying(
                        Participation.Declined.class,
                        declined -> assertThat(declined.why()).contains("budget"));
        assertThat(privatePlant.aggregator().adapter(1).lineage().privacy())
                .singleElement()
                .satisfies(reported -> {
                    assertThat(reported.clipNorm()).isEqualTo(10.0);
                    assertThat(reported.noiseMultiplier()).isEqualTo(1.0);
                    assertThat(reported.unit()).isEqualTo(PlantPrivacy.EXAMPLE);
                });
    }

    @Test
    void aggregatorServesFromPemFilesToo() {
        AggregatorHandle aggregator = start(
                TestAggregators.settings(pki, RoundPolicy.plain(3, Duration.ofSeconds(30)), TestAggregators.PLANTS)
                        .withTls(pki.aggregatorPem()));
        FederatedClient plantA = clients(aggregator).get("plant-a");

        assertThat(TestPlants.awaitRound(plantA).baseVersion()).isZero();
        assertThat(plantA.syncLatest().load().weights())
                .isEqualTo(TinyAdapters.seed().weights());
    }

    @Test
    void fourPlantTrainersRunRoundsUnattendedAndAdoptEachNewVersion() {
        List<String> four = List.of("plant-a", "plant-b", "plant-c", "plant-d");
        AggregatorHandle aggregator =
                start(TestAggregators.settings(pki, RoundPolicy.plain(4, Duration.ofSeconds(30)), four));
        Map<String, FederatedClient> plants = clients(aggregator, four);
        List<PlantTrainer> trainers = plants.values().stream()
                .map(client -> new PlantTrainer(client).start(Duration.ofMillis(100)))
                .toList();
        running.addAll(trainers);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> plants.values().stream()
                        .allMatch(client -> client.currentAdapter()
                                        .map(AdapterStore.StoredAdapter::version)
                                        .orElse(-1L)
                                >= 2));
        assertThat(trainers)
                .allSatisfy(trainer -> assertThat(trainer.participations())
                        .hasSizeGreaterThanOrEqualTo(2)
                        .allMatch(Participation.Contributed.class::isInstance));
        assertThat(plants.get("plant-a")
                        .currentAdapter()
                        .orElseThrow()
                        .load()
                        .weights()
                        .sameLayout(TinyAdapters.weights(0)))
                .isTrue();
    }

    private static float[] globalOf(TensorDict modelNamed) {
        return modelNamed.flatten();
    }

    private AggregatorHandle start(AggregatorSettings settings) {
        AggregatorHandle aggregator = AggregatorApplication.start(settings);
        running.add(aggregator);
        return aggregator;
    }

    private Map<String, FederatedClient> clients(AggregatorHandle aggregator) {
        return clients(aggregator, TestAggregators.PLANTS);
    }

    private Map<String, FederatedClient> clients(AggregatorHandle aggregator, List<String> plants) {
        Map<String, FederatedClient> clients = new LinkedHashMap<>();
        for (String plant : plants) {
            clients.put(plant, client(aggregator, plant, settings -> settings));
        }
        return clients;
    }

    private FederatedClient client(
            AggregatorHandle aggregator,
            String plant,
            java.util.function.UnaryOperator<FederatedClientSettings> customise) {
        FederatedClient client =
                new FederatedClient(customise.apply(TestPlants.settings(pki, aggregator, plant, plantDisks)));
        running.add(client);
        return client;
    }
}
