package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.federated.TestAggregators;
import io.pdm.federated.TestPki;
import io.pdm.federated.TestPlants;
import io.pdm.federated.TinyAdapters;
import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.AggregationMode;
import io.pdm.federated.protocol.RoundAnnouncement;
import io.pdm.federated.protocol.StrategySpec;
import io.pdm.federated.training.LocalTraining;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FedPer-style plants over the real protocol (HTTPS + mTLS, PostgreSQL): heads stay home, LoRA factors are shared. */
class PersonalisedRoundIT {

    private static final List<String> PLANTS = List.of("plant-a", "plant-b");
    private final List<AutoCloseable> running = new ArrayList<>();

    @TempDir
    Path disks;

    @AfterEach
    void stop() throws Exception {
        Collections.reverse(running);
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
    }

    @Test
    void onlyTheSharedFactorsTravelAndEachPlantServesItsOwnHeads() {
        PeftAdapter full = TinyAdapters.seed();
        PeftAdapter sharedSeed = new PeftAdapter(
                PersonalisedTraining.sharedConfig(full.config()), PersonalisedTraining.sharedPart(full.weights()));
        TestPki pki = TestPki.create();
        AggregatorHandle aggregator = AggregatorApplication.start(
                TestAggregators.settings(pki, RoundPolicy.plain(2, Duration.ofSeconds(30)), PLANTS, sharedSeed));
        running.add(aggregator);
        // plant-a adds 0.1 to every trained value, plant-b 0.3; plant-b uploads F16.
        Map<String, PersonalisedTraining> training = Map.of(
                "plant-a", personalised(full, 0.1f),
                "plant-b", personalised(full, 0.3f));
        List<FederatedClient> clients = new ArrayList<>();
        for (String plant : PLANTS) {
            FederatedClientSettings settings = FederatedClientSettings.of(
                    TestAggregators.url(aggregator),
                    pki.keyStore(plant),
                    pki.trustStore(),
                    TestPki.PASSWORD,
                    plant,
                    training.get(plant),
                    disks.resolve(plant));
            FederatedClient client = new FederatedClient(
                    plant.equals("plant-b") ? settings.withDeltaPrecision(SafetensorsDtype.F16) : settings);
            running.add(client);
            clients.add(client);
        }

        var round = TestPlants.awaitRound(clients.get(0));
        assertThat(round.adapterConfig().modulesToSave()).isEmpty();
        // Accepted, so each upload matched the shared layout: the aggregator refuses a delta with any other tensor.
        clients.forEach(client -> assertThat(client.participate(round)).isInstanceOf(Participation.Contributed.class));
        TestPlants.awaitVersion(clients.get(0), 1);

        // The aggregator only ever saw LoRA factors: its new version has the shared layout and their mean delta (0.2).
        TensorDict global = clients.get(0).syncLatest().load().weights();
        assertThat(global.names()).containsExactly(TinyAdapters.LORA_A, TinyAdapters.LORA_B);
        float[] expected = sharedSeed.weights().flatten();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += 0.2f;
        }
        assertThat(global.flatten()).containsExactly(expected, Offset.offset(1e-3f)); // F16 rounding of plant-b's delta
        // Each plant serves the shared version plus its own head, trained at home.
        clients.get(1).syncLatest();
        PeftAdapter servedA = clients.get(0).servedAdapter().orElseThrow();
        PeftAdapter servedB = clients.get(1).servedAdapter().orElseThrow();
        assertThat(servedA.config().modulesToSave())
                .containsExactlyElementsOf(full.config().modulesToSave());
        assertThat(servedA.weights().filter(name -> !name.equals(TinyAdapters.HEAD)))
                .isEqualTo(global);
        assertThat(servedA.weights().get(TinyAdapters.HEAD).data())
                .containsExactly(plus(full.weights().get(TinyAdapters.HEAD).data(), 0.1f), Offset.offset(1e-6f));
        assertThat(servedB.weights().get(TinyAdapters.HEAD).data())
                .containsExactly(plus(full.weights().get(TinyAdapters.HEAD).data(), 0.3f), Offset.offset(1e-6f));

        // The plant's inference service fetches the served adapter, personal head included, over the endpoint.
        CurrentAdapterEndpoint endpoint =
                CurrentAdapterEndpoint.start(clients.get(0), new InetSocketAddress("127.0.0.1", 0));
        running.add(endpoint);
        HttpResponse<byte[]> weights = get(endpoint, "/adapter_model.safetensors");
        assertThat(weights.statusCode()).isEqualTo(200);
        TensorDict fetched = AdapterArithmetic.modelNamed(
                AdapterArithmetic.decode(weights.body(), Long.MAX_VALUE).tensors());
        assertThat(fetched).isEqualTo(servedA.weights());
        assertThat(new String(get(endpoint, "").body(), StandardCharsets.UTF_8)).contains("\"personalised\":true");
        assertThat(new String(get(endpoint, "/adapter_config.json").body(), StandardCharsets.UTF_8))
                .contains("rul_head");
    }

    @Test
    void personalModulesSurviveARestartOfThePlant() {
        PeftAdapter full = TinyAdapters.seed();
        Path state = disks.resolve("plant-a/personal.safetensors");
        TensorDict initial = PersonalisedTraining.personalPart(full.weights());
        PersonalisedTraining first = PersonalisedTraining.persistent(
                addStep(full, 0.5f), initial, full.config().modulesToSave(), state);
        var round = new RoundAnnouncement(
                1,
                0,
                TinyAdapters.BASE_MODEL_HASH,
                PersonalisedTraining.sharedConfig(full.config()),
                Instant.now().plusSeconds(60),
                1,
                StrategySpec.fedAvg(),
                AggregationMode.PLAIN,
                10,
                1 << 20,
                null);
        first.train(PersonalisedTraining.sharedPart(full.weights()), round);

        PersonalisedTraining restarted = PersonalisedTraining.persistent(
                addStep(full, 0.5f), initial, full.config().modulesToSave(), state);
        assertThat(restarted.personal()).isEqualTo(first.personal());
        assertThat(restarted.personal().get(TinyAdapters.HEAD).data())
                .containsExactly(plus(initial.get(TinyAdapters.HEAD).data(), 0.5f), Offset.offset(1e-6f));
    }

    private static HttpResponse<byte[]> get(CurrentAdapterEndpoint endpoint, String suffix) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port()
                                            + CurrentAdapterEndpoint.PATH + suffix))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A plant whose local training adds {@code step} to every value of the full adapter it is given. */
    private static PersonalisedTraining personalised(PeftAdapter full, float step) {
        return new PersonalisedTraining(
                addStep(full, step),
                PersonalisedTraining.personalPart(full.weights()),
                full.config().modulesToSave());
    }

    private static LocalTraining addStep(PeftAdapter full, float step) {
        return (adapter, round) -> {
            assertThat(round.adapterConfig().modulesToSave())
                    .isEqualTo(full.config().modulesToSave());
            return new LocalTraining.Result(adapter.unflatten(plus(adapter.flatten(), step)), 10);
        };
    }

    private static float[] plus(float[] values, float step) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += step;
        }
        return out;
    }
}
