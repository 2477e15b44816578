package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pdm.federated.TestAggregators;
import io.pdm.federated.TestPki;
import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.pki.KeyBinding;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.secagg.SecAggClient;
import io.pdm.federated.secagg.SecAggMessage.KeyDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Long polling of a secure round's phases over real HTTPS/mTLS: a plant asks the aggregator to hold its request
 * ({@code Prefer: wait=S}) and is answered when the phase closes, or with an unchanged 204 when its wait ends; a
 * plant that does not ask is answered at once, as before.
 */
class SecureRoundLongPollIT {

    private static TestPki pki;
    private static AggregatorHandle aggregator;
    private static RoundAnnouncement round;

    @BeforeAll
    static void openSecureRound() {
        pki = TestPki.create();
        aggregator = AggregatorApplication.start(TestAggregators.settings(
                pki,
                RoundPolicy.plain(3, Duration.ofSeconds(120)).withMode(AggregationMode.SECURE),
                TestAggregators.PLANTS));
        round = await().atMost(Duration.ofSeconds(30))
                .until(() -> client("plant-a").currentRound(), Optional::isPresent)
                .orElseThrow();
    }

    @AfterAll
    static void stop() {
        aggregator.close();
    }

    @Test
    void aWaitingPlantGetsTheKeyDirectoryAsSoonAsTheLastPlantAdvertisesAndAWaitWithoutChangeAnswersNoContent()
            throws Exception {
        advertise("plant-a");
        advertise("plant-b");

        // the phase does not change while plant-c stays silent: the wait ends with the unchanged status
        long start = System.nanoTime();
        HttpResponse<String> unchanged = rawDirectoryRequest("plant-b", "wait=1");
        double waited = (System.nanoTime() - start) / 1e9;
        assertThat(unchanged.statusCode()).isEqualTo(204);
        assertThat(unchanged.headers().firstValue("Preference-Applied")).hasValue("wait=1");
        assertThat(waited).isBetween(0.9, 10.0);

        // a plant that does not ask to wait (one built before long polling) is answered at once, as before
        HttpResponse<String> polled = rawDirectoryRequest("plant-b", null);
        assertThat(polled.statusCode()).isEqualTo(204);
        assertThat(polled.headers().firstValue("Preference-Applied")).isEmpty();

        CompletableFuture<Optional<KeyDirectory>> waiting = CompletableFuture.supplyAsync(
                () -> client("plant-a").awaitJson(directoryPath(), KeyDirectory.class, Duration.ofSeconds(25)));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        long advertised = System.nanoTime();
        advertise("plant-c");
        Optional<KeyDirectory> directory = waiting.get();
        double latency = (System.nanoTime() - advertised) / 1e9;

        assertThat(directory)
                .hasValueSatisfying(keys -> assertThat(keys.keysByClient())
                        .containsOnlyKeys(round.secure().clientIdByPlant().values()));
        assertThat(latency)
                .as("seconds from the last advertisement to the waiting plant's answer")
                .isLessThan(2.0);
    }

    private static void advertise(String plant) {
        SigningCredential credential = SigningCredential.fromPkcs12(
                pki.keyStore(plant), TestPki.PASSWORD.toCharArray(), pki.trustStore(), TestPki.PASSWORD.toCharArray());
        client(plant)
                .postJson(
                        "rounds/" + round.round() + "/secagg/keys",
                        KeyBinding.sign(
                                new SecAggClient(
                                                round.secure().clientIdOf(plant),
                                                round.secure().config(16),
                                                new SecureRandom())
                                        .advertiseKeys(),
                                round.secure().sessionId(),
                                round.round(),
                                credential.key(),
                                credential.certificate()));
    }

    private static HttpResponse<String> rawDirectoryRequest(String plant, String prefer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(TestAggregators.url(aggregator) + "/fl/v1/" + directoryPath()))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        HttpClient http =
                HttpClient.newBuilder().sslContext(pki.plantContext(plant)).build();
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String directoryPath() {
        return "rounds/" + round.round() + "/secagg/key-directory";
    }

    private static AggregatorClient client(String plant) {
        return TestAggregators.client(pki, aggregator, plant);
    }
}
