package io.pdm.federated.aggregator.round;

import static io.pdm.federated.TinyAdapters.deltaBytes;
import static io.pdm.federated.TinyAdapters.metadata;
import static io.pdm.federated.TinyAdapters.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pdm.embedded.TestPostgres;
import io.pdm.federated.TinyAdapters;
import io.pdm.federated.aggregator.round.RoundRepository.Acceptance;
import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.DeltaMetadata;
import io.pdm.federated.protocol.PublishedAdapter;
import io.pdm.federated.rules.AggregationStrategy;
import io.pdm.federated.rules.FedAdam;
import io.pdm.federated.rules.FedAvg;
import io.pdm.federated.rules.FilteredMean;
import io.pdm.federated.rules.FlTrust;
import io.pdm.federated.rules.ServerStep;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundCoordinatorIT {

    private static final TreeSet<String> PLANTS = new TreeSet<>(Set.of("plant-a", "plant-b", "plant-c"));

    private Database database;
    private RoundRepository repository;
    private RoundCoordinator coordinator;

    @BeforeEach
    void freshDatabase() {
        database = Database.of(TestPostgres.newDatabase("fl_rounds"));
        database.migrate();
        repository = new RoundRepository(database);
        repository.ensureSeed(
                AdapterArithmetic.seedVersion(TinyAdapters.seed(), TinyAdapters.BASE_MODEL_HASH, Instant.now()));
    }

    @AfterEach
    void stop() {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    @Test
    void roundWithEveryPlantPublishesTheWeightedMeanAndOpensTheNextRound() {
        coordinator = start(RoundPolicy.plain(3, Duration.ofSeconds(30)));
        long round = coordinator.openRound().orElseThrow().round();

        upload("plant-a", round, 0.1f, 1);
        upload("plant-b", round, 0.2f, 1);
        upload("plant-c", round, 0.6f, 2);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> repository.latestVersion().orElseThrow().version() == 1);
        PublishedAdapter version1 = repository.version(1).orElseThrow();
        float expectedDelta = (0.1f + 0.2f + 2 * 0.6f) / 4;
        assertSeedPlus(version1, expectedDelta);
        assertThat(version1.lineage().contributingPlants()).containsExactly("plant-a", "plant-b", "plant-c");
        assertThat(version1.lineage().excludedPlants()).isEmpty();
        assertThat(version1.lineage().round()).isEqualTo(round);
        assertThat(repository.round(round).orElseThrow().status()).isEqualTo(RoundStatus.PUBLISHED);
        assertThat(coordinator.openRound().orElseThrow().announcement().baseVersion())
                .isEqualTo(1);
    }

    @Test
    void theLineageNamesThePlantsARobustRuleLeftOut() {
        coordinator = start(
                RoundPolicy.plain(3, Duration.ofSeconds(30)).withStrategy(AggregationStrategy.of(new FilteredMean())));
        long round = coordinator.openRound().orElseThrow().round();

        // Norms 0.4, 0.8 and 12 (16 values each): plant-c is 15 × the median and is left out. The norm-bounded mean
        // of the others scales plant-b to their median norm 0.6 (0.15 per value): (0.1 + 0.15) / 2 = 0.125.
        PublishedAdapter version1 = firstVersionFrom(round, 0.1f, 0.2f, -3f);
        assertThat(version1.lineage().contributingPlants()).containsExactly("plant-a", "plant-b", "plant-c");
        assertThat(version1.lineage().excludedPlants()).containsExactly("plant-c");
        assertSeedPlus(version1, 0.125f);
    }

    @Test
    void flTrustJudgesThePlantsAgainstTheAggregatorsOwnUpdateOfTheRoundsBase() {
        List<Long> referencedVersions = new java.util.ArrayList<>();
        ReferenceUpdate reference = (global, announcement) -> {
            referencedVersions.add(global.lineage().version());
            return AdapterArithmetic.peftNamed(uniform(0.1f));
        };
        coordinator = new RoundCoordinator(
                repository,
                RoundPolicy.plain(3, Duration.ofSeconds(30)).withStrategy(AggregationStrategy.of(new FlTrust())),
                PLANTS,
                TinyAdapters.BASE_MODEL_HASH,
                Clock.systemUTC(),
                reference);
        coordinator.start(Duration.ofMillis(50));
        long round = coordinator.openRound().orElseThrow().round();

        // a and b point the reference's way (cosine 1) and are rescaled to its norm: both count as 0.1 per value.
        // c is the reference flipped at an honest norm: trust 0, left out.
        PublishedAdapter version1 = firstVersionFrom(round, 0.1f, 0.2f, -0.1f);
        assertThat(referencedVersions).containsExactly(0L);
        assertThat(version1.lineage().excludedPlants()).containsExactly("plant-c");
        assertSeedPlus(version1, 0.1f);
    }

    @Test
    void roundBelowQuorumFailsAndItsRetryOnTheSameBaseSucceeds() {
        coordinator = start(RoundPolicy.plain(2, Duration.ofMillis(1000)));
        long failed = coordinator.openRound().orElseThrow().round();
        upload("plant-a", failed, 0.1f, 1);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> repository.round(failed).orElseThrow().status() == RoundStatus.FAILED);
        RoundRecord failedRound = repository.round(failed).orElseThrow();
        assertThat(failedRound.outcome()).contains("quorum not met: 1 of 2");
        assertThat(failedRound.droppedPlants()).containsExactly("plant-b", "plant-c");

        RoundRecord retry = coordinator.openRound().orElseThrow();
        assertThat(retry.round()).isEqualTo(failed + 1);
        assertThat(retry.announcement().baseVersion()).isZero();
        upload("plant-a", retry.round(), 0.1f, 1);
        upload("plant-b", retry.round(), 0.3f, 1);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> repository.latestVersion().orElseThrow().version() == 1);
        PublishedAdapter version1 = repository.version(1).orElseThrow();
        assertThat(version1.lineage().round()).isEqualTo(retry.round());
        assertThat(version1.lineage().droppedPlants()).containsExactly("plant-c");
    }

    @Test
    void restartAbortsTheRoundWhoseRunningAggregateDiedAndReannouncesItOnTheSameBase(@TempDir Path spool)
            throws java.io.IOException {
        RoundPolicy filtered =
                RoundPolicy.plain(3, Duration.ofSeconds(30)).withStrategy(AggregationStrategy.of(new FilteredMean()));
        coordinator = start(filtered, spool);
        long round = coordinator.openRound().orElseThrow().round();
        byte[] seedBytes = repository.version(0).orElseThrow().weights();
        upload("plant-a", round, 0.3f, 1);
        upload("plant-b", round, 0.3f, 1);
        assertThat(spool.resolve("round-" + round))
                .as("a rule needing every delta spills them")
                .isDirectory();
        coordinator.close();
        assertThat(spool.resolve("round-" + round))
                .as("the spill goes with the aggregator")
                .doesNotExist();
        Path crashed = spool.resolve("round-" + round + "/block-0"); // what a killed process would leave
        java.nio.file.Files.createDirectories(crashed.getParent());
        java.nio.file.Files.write(crashed, new byte[64]);

        coordinator = start(filtered, spool);
        assertThat(crashed.getParent())
                .as("a dead process's spill is deleted at start")
                .doesNotExist();

        RoundRecord aborted = repository.round(round).orElseThrow();
        assertThat(aborted.status()).isEqualTo(RoundStatus.ABORTED);
        assertThat(aborted.outcome())
                .isEqualTo("aggregator restarted mid-round: 2 accepted deltas lived in its running aggregate; "
                        + "the round is re-announced");
        RoundRecord retry = coordinator.openRound().orElseThrow();
        assertThat(retry.round()).isEqualTo(round + 1);
        assertThat(retry.announcement().baseVersion()).isZero();
        PublishedAdapter version1 = firstVersionFrom(retry.round(), 0.3f, 0.3f, 0.3f);
        assertThat(version1.lineage().round()).isEqualTo(retry.round());
        assertThat(version1.lineage().contributingPlants()).containsExactly("plant-a", "plant-b", "plant-c");
        assertSeedPlus(version1, 0.3f);
        assertThat(repository.version(0).orElseThrow().weights()).isEqualTo(seedBytes);
    }

    @Test
    void theDatabaseKeepsEachAcceptanceWithTheSizeAndHashOfItsBytesButNotTheDelta() {
        coordinator = start(RoundPolicy.plain(3, Duration.ofSeconds(30)));
        long round = coordinator.openRound().orElseThrow().round();
        DeltaMetadata metadata = metadata("plant-a", round, 4);
        byte[] bytes = deltaBytes(uniform(0.2f), metadata);
        assertThat(coordinator.accept(new ReceivedDelta(metadata, bytes, Instant.now())))
                .isEqualTo(Acceptance.ACCEPTED);

        List<Object> row = database.inTransaction(connection -> {
            try (var rows = connection
                    .createStatement()
                    .executeQuery("SELECT plant, example_count, size_bytes, sha256 FROM deltas")) {
                rows.next();
                return List.<Object>of(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getString(4));
            }
        });
        assertThat(row).containsExactly("plant-a", 4L, (long) bytes.length, ReceivedDelta.sha256(bytes));
        assertThat(repository.contributors(round)).containsExactly("plant-a");
        assertThatThrownBy(() -> database.inTransaction(
                        connection -> connection.createStatement().executeQuery("SELECT delta FROM deltas")))
                .hasStackTraceContaining("column \"delta\" does not exist");
    }

    @Test
    void statefulServerOptimizerCarriesItsStateFromRoundToRound() {
        FedAdam fedAdam = new FedAdam(0.05f, 0.9f, 0.99f, 1e-3f);
        coordinator = start(RoundPolicy.plain(3, Duration.ofSeconds(30))
                .withStrategy(new AggregationStrategy(new FedAvg(), fedAdam)));
        float[] global = TinyAdapters.seed().weights().flatten();
        ServerStep expected = null;
        for (float value : new float[] {0.1f, 0.3f}) {
            long round = coordinator.openRound().orElseThrow().round();
            PLANTS.forEach(plant -> upload(plant, round, value, 1));
            expected = fedAdam.step(
                    expected == null ? global : expected.global(),
                    TinyAdapters.filled(16, value),
                    expected == null ? fedAdam.initialState(16) : expected.state());
            long version = round;
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> repository.latestVersion().orElseThrow().version() == version);
        }

        float[] published = AdapterArithmetic.modelNamed(
                        AdapterArithmetic.weights(repository.version(2).orElseThrow()))
                .flatten();
        assertThat(published).containsExactly(expected.global(), org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(AggregationStrategy.from(
                                repository.version(2).orElseThrow().lineage().strategy())
                        .serverOptimizer())
                .isEqualTo(fedAdam);
    }

    @Test
    void publishedVersionsCannotBeChangedInTheDatabase() {
        assertThatThrownBy(() -> database.inTransaction(connection -> connection
                        .createStatement()
                        .executeUpdate("UPDATE adapter_versions SET weights = '\\x00' WHERE version = 0")))
                .hasStackTraceContaining("immutable");
        assertThatThrownBy(() -> database.inTransaction(
                        connection -> connection.createStatement().executeUpdate("DELETE FROM adapter_versions")))
                .hasStackTraceContaining("immutable");
    }

    /** plant-a, -b and -c upload uniform deltas of these values (one example each); returns the version they make. */
    private PublishedAdapter firstVersionFrom(long round, float a, float b, float c) {
        upload("plant-a", round, a, 1);
        upload("plant-b", round, b, 1);
        upload("plant-c", round, c, 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> repository.latestVersion().orElseThrow().version() == 1);
        return repository.version(1).orElseThrow();
    }

    /** Every value of {@code version} is the seed adapter's plus {@code delta}. */
    private static void assertSeedPlus(PublishedAdapter version, float delta) {
        float[] seed = TinyAdapters.weights(0.1f).flatten();
        float[] published =
                AdapterArithmetic.modelNamed(AdapterArithmetic.weights(version)).flatten();
        for (int i = 0; i < seed.length; i++) {
            assertThat(published[i]).isCloseTo(seed[i] + delta, org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    private RoundCoordinator start(RoundPolicy policy) {
        RoundCoordinator started =
                new RoundCoordinator(repository, policy, PLANTS, TinyAdapters.BASE_MODEL_HASH, Clock.systemUTC());
        started.start(Duration.ofMillis(50));
        return started;
    }

    private RoundCoordinator start(RoundPolicy policy, Path spool) {
        RoundCoordinator started = new RoundCoordinator(
                repository, policy, PLANTS, TinyAdapters.BASE_MODEL_HASH, Clock.systemUTC(), null, spool);
        started.start(Duration.ofMillis(50));
        return started;
    }

    private void upload(String plant, long round, float value, long examples) {
        DeltaMetadata metadata = metadata(plant, round, examples);
        assertThat(coordinator.accept(new ReceivedDelta(metadata, deltaBytes(uniform(value), metadata), Instant.now())))
                .isEqualTo(Acceptance.ACCEPTED);
    }
}
