package io.pdm.federated.aggregator;

import static io.pdm.federated.TinyAdapters.deltaBytes;
import static io.pdm.federated.TinyAdapters.metadata;
import static io.pdm.federated.TinyAdapters.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.federated.TestAggregators;
import io.pdm.federated.TestPki;
import io.pdm.federated.TinyAdapters;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.plant.AggregatorClient;
import io.pdm.federated.plant.AggregatorRejectedException;
import io.pdm.federated.protocol.DeltaMetadata;
import io.pdm.federated.protocol.FlJson;
import io.pdm.federated.protocol.RejectionReason;
import io.pdm.federated.protocol.SchemaCheck;
import io.pdm.model.tensor.TensorDict;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refusal of the upload endpoint over real HTTPS + mTLS, and that none of them disturbs the round. */
class AggregatorApiIT {

    private static final long SIZE_LIMIT = 4096;

    private static TestPki pki;
    private static AggregatorHandle aggregator;
    private static AggregatorClient plantA;
    private static long round;

    @BeforeAll
    static void startAggregator() {
        pki = TestPki.create();
        aggregator = AggregatorApplication.start(TestAggregators.settings(
                pki,
                RoundPolicy.plain(3, Duration.ofSeconds(60)).withLimits(10, SIZE_LIMIT),
                List.of("plant-a", "plant-b", "plant-c", "plant-d")));
        plantA = TestAggregators.client(pki, aggregator, "plant-a");
        round = await().until(plantA::currentRound, java.util.Optional::isPresent)
                .orElseThrow()
                .round();
    }

    @AfterAll
    static void stopAggregator() {
        aggregator.close();
    }

    @Test
    void certificateFromAnotherCaIsRefusedDuringTheHandshake() {
        AggregatorClient intruder = TestAggregators.client(pki, aggregator, TestPki.INTRUDER);
        assertThat(catchThrowable(intruder::currentRound)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void revokedCertificateIsRefused() {
        AggregatorClient revoked = TestAggregators.client(pki, aggregator, TestPki.REVOKED_PLANT);
        assertRejected(revoked::currentRound, RejectionReason.REVOKED_CERTIFICATE, 403);
    }

    @Test
    void plantCannotUploadForAnotherPlant() {
        DeltaMetadata asB = metadata("plant-b", round, 1);
        assertRejected(
                () -> plantA.uploadDelta(round, "plant-b", deltaBytes(uniform(0.1f), asB)),
                RejectionReason.PLANT_MISMATCH,
                403);
        assertRejected(
                () -> plantA.uploadDelta(round, "plant-a", deltaBytes(uniform(0.1f), asB)),
                RejectionReason.PLANT_MISMATCH,
                403);
    }

    @Test
    void replayedNonceIsRefused() {
        AggregatorClient plantD = plantD();
        byte[] upload = deltaBytes(uniform(0.1f), metadata("plant-d", round, 1));
        plantD.uploadDelta(round, "plant-d", upload);
        assertRejected(() -> plantD.uploadDelta(round, "plant-d", upload), RejectionReason.REPLAYED_NONCE, 409);
        assertRejected(
                () -> plantD.uploadDelta(round, "plant-d", deltaBytes(uniform(0.1f), metadata("plant-d", round, 1))),
                RejectionReason.DUPLICATE_UPLOAD,
                409);
    }

    @Test
    void deltaWithAnotherLayoutIsRefused() {
        TensorDict wrongShape = TensorDict.builder()
                .put(TinyAdapters.LORA_A, new float[6], 3, 2)
                .put(TinyAdapters.LORA_B, new float[6], 3, 2)
                .put(TinyAdapters.HEAD, new float[4], 1, 4)
                .build();
        assertRejected(
                () -> plantA.uploadDelta(round, "plant-a", deltaBytes(wrongShape, metadata("plant-a", round, 1))),
                RejectionReason.SHAPE_MISMATCH,
                422);
    }

    @Test
    void nonFiniteDeltaIsRefused() {
        assertRejected(
                () -> plantA.uploadDelta(
                        round, "plant-a", deltaBytes(uniform(Float.NaN), metadata("plant-a", round, 1))),
                RejectionReason.NON_FINITE_VALUES,
                422);
    }

    @Test
    void deltaAboveTheNormBoundIsRefused() {
        assertRejected(
                () -> plantA.uploadDelta(round, "plant-a", deltaBytes(uniform(5f), metadata("plant-a", round, 1))),
                RejectionReason.NORM_EXCEEDED,
                422);
    }

    @Test
    void oversizedBodyIsRefused() {
        byte[] oversized = new byte[(int) SIZE_LIMIT + 1];
        assertRejected(() -> plantA.uploadDelta(round, "plant-a", oversized), RejectionReason.PAYLOAD_TOO_LARGE, 413);
    }

    @Test
    void declaredOversizedBodyIsRefusedBeforeItIsSent() throws Exception {
        try (SSLSocket socket = (SSLSocket)
                pki.plantContext("plant-a").getSocketFactory().createSocket("localhost", aggregator.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write(("POST /fl/v1/rounds/" + round + "/deltas/plant-a HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Content-Type: application/octet-stream\r\nContent-Length: 1000000000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String statusLine = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void garbageBodyIsRefused() {
        assertRejected(() -> plantA.uploadDelta(round, "plant-a", new byte[100]), RejectionReason.MALFORMED_DELTA, 400);
    }

    @Test
    void deltaOnAnotherBaseModelIsRefused() {
        DeltaMetadata otherBase =
                new DeltaMetadata("plant-a", round, "cd".repeat(32), 1, TinyAdapters.nonce(), null, null, null);
        assertRejected(
                () -> plantA.uploadDelta(round, "plant-a", deltaBytes(uniform(0.1f), otherBase)),
                RejectionReason.BASE_MODEL_MISMATCH,
                409);
    }

    @Test
    void deltaForARoundThatIsNotOpenIsRefused() {
        assertRejected(
                () -> plantA.uploadDelta(
                        round + 1, "plant-a", deltaBytes(uniform(0.1f), metadata("plant-a", round + 1, 1))),
                RejectionReason.STALE_ROUND,
                409);
    }

    @Test
    void refusalIsAnRfc9457ProblemNamingTheReason() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().sslContext(pki.plantContext("plant-a")).build();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(
                                TestAggregators.url(aggregator).resolve("/fl/v1/rounds/" + round + "/deltas/plant-a"))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = FlJson.mapper().readTree(response.body());
        assertThat(problem.path("type").asText())
                .isEqualTo(RejectionReason.UNSUPPORTED_MEDIA_TYPE.type().toString());
        assertThat(problem.path("status").asInt()).isEqualTo(415);
        assertThat(problem.path("reason").asText()).isEqualTo("unsupported-media-type");
        assertThat(problem.path("detail").asText()).contains("text/plain");
        SchemaCheck.assertMatches(problem, "problem", null);
    }

    @Test
    void refusedUploadsAreCountedPerReasonAndLeaveTheRoundUsable() {
        double before = AggregatorMetrics.rejections(aggregator.meterRegistry(), RejectionReason.NON_FINITE_VALUES);
        nonFiniteDeltaIsRefused();
        assertThat(AggregatorMetrics.rejections(aggregator.meterRegistry(), RejectionReason.NON_FINITE_VALUES))
                .isEqualTo(before + 1);
        assertThat(aggregator.coordinator().openRound().orElseThrow().round()).isEqualTo(round);
        assertThat(plantA.round(round).status()).isEqualTo("OPEN");
    }

    private static AggregatorClient plantD() {
        return TestAggregators.client(pki, aggregator, "plant-d");
    }

    private static void assertRejected(Runnable request, RejectionReason reason, int status) {
        Throwable thrown = catchThrowable(request::run);
        assertThat(thrown).isInstanceOf(AggregatorRejectedException.class);
        AggregatorRejectedException rejection = (AggregatorRejectedException) thrown;
        assertThat(rejection.reason()).as(rejection.getMessage()).isEqualTo(reason);
        assertThat(rejection.status()).isEqualTo(status);
    }
}
