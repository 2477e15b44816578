package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.pdm.federated.TestAggregators;
import io.pdm.federated.TestPki;
import io.pdm.federated.TestPlants;
import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.AggregatorSettings;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.pki.DevCertificateAuthority;
import io.pdm.federated.pki.IssuedCredential;
import io.pdm.federated.pki.KeyBinding;
import io.pdm.federated.pki.KeyBindingException;
import io.pdm.federated.pki.PlantIdentity;
import io.pdm.federated.protocol.AdapterLineage;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.RejectionReason;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.secagg.SecAggClient;
import io.pdm.federated.secagg.SecAggMessage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SECURE rounds: the secure-aggregation message rounds over the aggregator's HTTPS API. */
class SecureAggregationRoundIT {

    /**
     * Generous, as a deployment configures it: the phases are shares of the round (advertising half of it) and
     * close as soon as every expected plant has sent, so a long round costs these tests nothing.
     */
    private static final Duration ROUND = Duration.ofSeconds(60);

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
    void secureRoundPublishesTheFedAvgWithinQuantisationError() {
        AggregatorHandle aggregator = start(secure(3, ROUND));
        List<FederatedClient> plants = clients(aggregator, TestAggregators.PLANTS);
        RoundAnnouncement round = TestPlants.awaitRound(plants.get(0));
        assertThat(round.mode()).isEqualTo(AggregationMode.SECURE);

        assertThat(participateTogether(plants, round)).allMatch(Participation.Contributed.class::isInstance);
        AdapterLineage lineage = TestPlants.awaitVersion(plants.get(0), 1);

        assertThat(lineage.mode()).isEqualTo(AggregationMode.SECURE);
        assertThat(lineage.contributingPlants()).containsExactly("plant-a", "plant-b", "plant-c");
        assertThat(plants.get(1).syncLatest().load().weights().flatten())
                .containsExactly(TestPlants.expectedFedAvg(TestAggregators.PLANTS), Offset.offset(1e-4f));
    }

    @Test
    void plantThatNeverShowsUpIsDroppedAndTheOthersStillAggregate() {
        // plant-c never advertises, so the advertising phase runs its full half of the round: 20 s, enough for two
        // plants to train and advertise on a loaded machine; the later phases close as soon as both have sent.
        AggregatorHandle aggregator = start(secure(2, Duration.ofSeconds(40)));
        List<FederatedClient> plants = clients(aggregator, List.of("plant-a", "plant-b"));
        RoundAnnouncement round = TestPlants.awaitRound(plants.get(0));

        assertThat(participateTogether(plants, round)).allMatch(Participation.Contributed.class::isInstance);
        AdapterLineage lineage = TestPlants.awaitVersion(plants.get(0), 1);

        assertThat(lineage.contributingPlants()).containsExactly("plant-a", "plant-b");
        assertThat(lineage.droppedPlants()).containsExactly("plant-c");
        assertThat(plants.get(0).syncLatest().load().weights().flatten())
                .containsExactly(TestPlants.expectedFedAvg(List.of("plant-a", "plant-b")), Offset.offset(1e-4f));
    }

    @Test
    void plantCannotSendAsAnotherSecureAggregationClient() {
        AggregatorHandle aggregator = start(secure(3, ROUND));
        FederatedClient plantA = clients(aggregator, List.of("plant-a")).get(0);
        RoundAnnouncement round = TestPlants.awaitRound(plantA);
        int plantBsId = round.secure().clientIdOf("plant-b");

        Throwable thrown = catchThrowable(() -> plantA.aggregator()
                .postJson(
                        "rounds/" + round.round() + "/secagg/keys",
                        new SecAggMessage.AdvertisedKeys(plantBsId, new byte[44], new byte[44])));

        assertThat(thrown)
                .isInstanceOfSatisfying(
                        AggregatorRejectedException.class,
                        rejection -> assertThat(rejection.reason()).isEqualTo(RejectionReason.PLANT_MISMATCH));
    }

    @Test
    void aggregatorRefusesKeysThatAreUnsignedOrSignedByAnotherKeyThanTheUploadingPlantsCertificate() {
        AggregatorHandle aggregator = start(secure(3, ROUND));
        FederatedClient plantA = clients(aggregator, List.of("plant-a")).get(0);
        RoundAnnouncement round = TestPlants.awaitRound(plantA);
        int id = round.secure().clientIdOf("plant-a");
        SecAggMessage.AdvertisedKeys keys =
                new SecAggClient(id, round.secure().config(16), new SecureRandom()).advertiseKeys();
        // A forger holding plant-a's name but not its key: a certificate for plant-a from a CA of its own.
        DevCertificateAuthority rogue = DevCertificateAuthority.create("rogue CA", Duration.ofDays(1));
        IssuedCredential forged = rogue.issuePlantCertificate(new PlantIdentity("plant-a"), Duration.ofDays(1));
        SigningCredential genuine = credential("plant-a");
        SecAggMessage.AdvertisedKeys signedByForger = KeyBinding.sign(
                keys, round.secure().sessionId(), round.round(), forged.privateKey(), genuine.certificate());

        for (SecAggMessage.AdvertisedKeys refused : List.of(keys, signedByForger)) {
            assertThat(catchThrowable(() -> plantA.aggregator().postJson(keysPath(round), refused)))
                    .isInstanceOfSatisfying(
                            AggregatorRejectedException.class,
                            rejection -> assertThat(rejection.reason()).isEqualTo(RejectionReason.UNBOUND_KEY));
        }
        plantA.aggregator()
                .postJson(
                        keysPath(round),
                        KeyBinding.sign(
                                keys, round.secure().sessionId(), round.round(), genuine.key(), genuine.certificate()));
    }

    @Test
    void plantsRefuseADirectoryInWhichTheAggregatorSubstitutedAKey() {
        AggregatorHandle aggregator = start(secure(3, ROUND));
        List<String> names = List.of("plant-a", "plant-b", "plant-c");
        List<FederatedClient> plants = clients(aggregator, names);
        RoundAnnouncement round = TestPlants.awaitRound(plants.get(0));
        for (int i = 0; i < names.size(); i++) {
            SigningCredential credential = credential(names.get(i));
            SecAggMessage.AdvertisedKeys keys = new SecAggClient(
                            round.secure().clientIdOf(names.get(i)),
                            round.secure().config(16),
                            new SecureRandom())
                    .advertiseKeys();
            plants.get(i)
                    .aggregator()
                    .postJson(
                            keysPath(round),
                            KeyBinding.sign(
                                    keys,
                                    round.secure().sessionId(),
                                    round.round(),
                                    credential.key(),
                                    credential.certificate()));
        }
        String directoryPath = "rounds/" + round.round() + "/secagg/key-directory";
        SecAggMessage.KeyDirectory served = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> plants.get(0)
                                .aggregator()
                                .getJson(directoryPath, SecAggMessage.KeyDirectory.class)
                                .orElse(null),
                        java.util.Objects::nonNull);
        List<java.security.cert.X509Certificate> cas = credential("plant-a").trustedCas();
        KeyBinding.requireBound(served, round.secure(), round.round(), cas); // what the honest aggregator served

        // A man-in-the-middle aggregator swaps plant-b's keys for its own, keeping plant-b's signature.
        int b = round.secure().clientIdOf("plant-b");
        SecAggMessage.AdvertisedKeys attacker =
                new SecAggClient(b, round.secure().config(16), new SecureRandom()).advertiseKeys();
        SecAggMessage.AdvertisedKeys original = served.keysByClient().get(b);
        java.util.Map<Integer, SecAggMessage.AdvertisedKeys> swapped = new java.util.HashMap<>(served.keysByClient());
        swapped.put(
                b,
                new SecAggMessage.AdvertisedKeys(
                        b,
                        attacker.shareEncryptionKey(),
                        attacker.maskAgreementKey(),
                        original.signature(),
                        original.certificate()));

        assertThatThrownBy(() -> KeyBinding.requireBound(
                        new SecAggMessage.KeyDirectory(swapped), round.secure(), round.round(), cas))
                .isInstanceOf(KeyBindingException.class)
                .hasMessageStartingWith("signature on the keys of client " + b + " does not verify against plant "
                        + "plant-b's certificate");
    }

    private static String keysPath(RoundAnnouncement round) {
        return "rounds/" + round.round() + "/secagg/keys";
    }

    private static SigningCredential credential(String plant) {
        return SigningCredential.fromPkcs12(
                pki.keyStore(plant), TestPki.PASSWORD.toCharArray(), pki.trustStore(), TestPki.PASSWORD.toCharArray());
    }

    @Test
    void restartDuringASecureRoundAbortsItAndOpensAFreshOne() {
        AggregatorSettings settings = secure(3, ROUND);
        AggregatorHandle first = AggregatorApplication.start(settings);
        RoundAnnouncement interrupted =
                TestPlants.awaitRound(clients(first, List.of("plant-a")).get(0));
        first.close();

        AggregatorHandle second = start(settings);
        FederatedClient plantA = clients(second, List.of("plant-a")).get(0);
        RoundAnnouncement fresh = TestPlants.awaitRound(plantA);

        assertThat(fresh.round()).isGreaterThan(interrupted.round());
        assertThat(fresh.baseVersion()).isEqualTo(interrupted.baseVersion());
        assertThat(plantA.aggregator().round(interrupted.round()).status()).isEqualTo("ABORTED");
    }

    private static List<Participation> participateTogether(List<FederatedClient> plants, RoundAnnouncement round) {
        List<CompletableFuture<Participation>> running = plants.stream()
                .map(plant -> CompletableFuture.supplyAsync(() -> plant.participate(round)))
                .toList();
        Duration untilDeadline = Duration.between(java.time.Instant.now(), round.deadline());
        return await().atMost(untilDeadline.plusSeconds(10))
                .until(
                        () -> running.stream().allMatch(CompletableFuture::isDone)
                                ? running.stream().map(CompletableFuture::join).toList()
                                : null,
                        java.util.Objects::nonNull);
    }

    private AggregatorSettings secure(int quorum, Duration duration) {
        return TestAggregators.settings(
                pki, RoundPolicy.plain(quorum, duration).withMode(AggregationMode.SECURE), TestAggregators.PLANTS);
    }

    private AggregatorHandle start(AggregatorSettings settings) {
        AggregatorHandle aggregator = AggregatorApplication.start(settings);
        running.add(aggregator);
        return aggregator;
    }

    private List<FederatedClient> clients(AggregatorHandle aggregator, List<String> plants) {
        List<FederatedClient> clients = plants.stream()
                .map(plant -> new FederatedClient(TestPlants.settings(pki, aggregator, plant, plantDisks)))
                .toList();
        running.addAll(clients);
        return clients;
    }
}
