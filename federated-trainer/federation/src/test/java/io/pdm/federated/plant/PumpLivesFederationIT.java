package io.pdm.federated.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.assets.lives.Life;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.TestPostgres;
import io.pdm.federated.SyntheticPumpLives;
import io.pdm.federated.TestAggregators;
import io.pdm.federated.TestPki;
import io.pdm.federated.aggregator.AggregatorApplication;
import io.pdm.federated.aggregator.AggregatorHandle;
import io.pdm.federated.aggregator.AggregatorSettings;
import io.pdm.federated.aggregator.round.Database;
import io.pdm.federated.aggregator.round.RoundPolicy;
import io.pdm.federated.plant.PlantSettings.Data;
import io.pdm.federated.plant.PlantSettings.Personalisation;
import io.pdm.federated.plant.PlantSettings.Privacy;
import io.pdm.federated.plant.updates.KafkaModelUpdatePublisher;
import io.pdm.federated.protocol.FlJson;
import io.pdm.federated.training.LocalWork;
import io.pdm.federated.training.SeedAdapters;
import io.pdm.federated.training.history.StoredLives;
import io.pdm.model.checkpoint.ModelCheckpoint;
import io.pdm.model.io.SafetensorsDtype;
import io.pdm.model.life.LifePrediction;
import io.pdm.model.life.RemainingLifeModel;
import io.pdm.model.lora.LoraConfig;
import io.pdm.schemas.kafka.ModelUpdate;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's federation on a pump-like base of any asset type: two plants whose stores hold feature windows and work
 * orders (the store's tables, as the migration creates them) federate a round through a real aggregator (HTTPS + mTLS,
 * PostgreSQL); each announces version 1 on its model-updates topic with the asset type and the base hash, and the
 * announced directory loads as an adapter of that base, as the inference service loads it.
 */
class PumpLivesFederationIT {
    private static final long T0 = 1_750_000_000_000L;
    private static final long MIN = 60_000;
    private static final String RUNNING = "speed_rpm.min";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void twoPlantsFederateAPumpAdapterFromTheirStoresAndAnnounceIt() throws Exception {
        Path base = SyntheticPumpLives.base(work.resolve("base"), SyntheticPumpLives.lives("fleet", 30, 10, 2.0, 1));
        String baseHash = ModelCheckpoint.baseHash(base);
        Map<String, String> stores = new LinkedHashMap<>();
        stores.put("plant-a", store("plant-a", SyntheticPumpLives.lives("a", 6, 3, 0.7, 2)));
        stores.put("plant-b", store("plant-b", SyntheticPumpLives.lives("b", 6, 3, 1.0, 3)));
        TestPki pki = TestPki.create();
        AggregatorSettings aggregatorSettings = new AggregatorSettings(
                0,
                pki.aggregatorPkcs12(),
                pki.revocationList(),
                Database.of(TestPostgres.newDatabase("fl_pump_lives")),
                new TreeSet<>(stores.keySet()),
                RoundPolicy.plain(2, Duration.ofMinutes(2)),
                SeedAdapters.fresh(base, LoraConfig.of(2, 4, 0.05, base.toString()), 42),
                baseHash,
                Duration.ofMillis(200));
        List<ModelUpdate> updates = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
                AggregatorHandle aggregator = AggregatorApplication.start(aggregatorSettings)) {
            stores.keySet().forEach(plant -> kafka.createTopics(1, KafkaModelUpdatePublisher.topic(plant)));
            URI url = TestAggregators.url(aggregator);
            try (PlantService a = PlantService.start(settings(url, pki, base, "plant-a", stores, kafka));
                    PlantService b = PlantService.start(settings(url, pki, base, "plant-b", stores, kafka))) {
                PlantService.Evaluation evaluationA = a.awaitContributions(1);
                PlantService.Evaluation evaluationB = b.awaitContributions(1);

                assertThat(evaluationA.version()).isEqualTo(1);
                assertThat(evaluationB.version()).isEqualTo(1);
                assertThat(evaluationA.heldOutRmse()).isFinite().isPositive();
                assertThat(a.client().aggregator().adapter(1).lineage().contributingPlants())
                        .containsExactly("plant-a", "plant-b");
            }
            for (String plant : stores.keySet()) {
                updates.addAll(awaitVersion(kafka, plant, 1));
            }
        }

        // Announcements are at least once (a poll stopped mid-announcement announces again), so count plants.
        assertThat(updates).extracting(ModelUpdate::plant).containsOnly("plant-a", "plant-b");
        assertThat(updates).allSatisfy(update -> {
            assertThat(update.version()).isEqualTo(1);
            assertThat(update.assetType()).isEqualTo(SyntheticPumpLives.TYPE_ID);
            assertThat(update.baseModelSha256()).isEqualTo(baseHash);
            try (RemainingLifeModel model = RemainingLifeModel.load(base, Path.of(update.adapterDirectory()))) {
                double[][] window = new double[10][];
                SplittableRandom random = new SplittableRandom(5);
                for (int t = 0; t < window.length; t++) window[t] = SyntheticPumpLives.values(0.5, random);
                LifePrediction prediction = model.predict(SyntheticPumpLives.CHANNELS, window, 1.0);
                assertThat(prediction.rul()).isFinite();
            }
        });
    }

    private PlantSettings settings(
            URI aggregator, TestPki pki, Path base, String plant, Map<String, String> stores, EmbeddedKafka kafka) {
        return new PlantSettings(
                aggregator,
                pki.keyStore(plant),
                pki.trustStore(),
                TestPki.PASSWORD,
                null,
                base,
                new Data.StoredLives(stores.get(plant), SyntheticPumpLives.TYPE_ID, StoredLives.CORRECTIVE, RUNNING, 2),
                work.resolve("fl-" + plant),
                new LocalWork(4, 16, 1e-2f, 42),
                SafetensorsDtype.F32,
                new Personalisation.None(),
                new Privacy.None(),
                kafka.bootstrapServers(),
                null,
                Duration.ofMillis(200));
    }

    /**
     * A plant's store as the feature pipeline leaves it: each pump's lives one after another as 60 s windows, the
     * pump down for three windows after each failure (speed 0), a REPAIR work order when it is back.
     */
    private static String store(String plant, List<Life> lives) throws Exception {
        String url = TestPostgres.newDatabase("pump_" + plant.replace('-', '_'));
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                // The columns of feature-pipeline's V1__store_tables.sql that the trainer reads.
                st.execute(
                        "CREATE TABLE maintenance_log (id text PRIMARY KEY, plant text NOT NULL, asset text NOT NULL,"
                                + " ts timestamptz NOT NULL, action text NOT NULL, component text, technician text, text text,"
                                + " source text, received_at timestamptz NOT NULL)");
                st.execute("CREATE TABLE features (plant text NOT NULL, asset text NOT NULL,"
                        + " window_start timestamptz NOT NULL, window_end timestamptz NOT NULL,"
                        + " reading_count integer NOT NULL, features jsonb NOT NULL,"
                        + " seconds_since_maintenance double precision, last_maintenance_action text,"
                        + " CONSTRAINT features_key UNIQUE (asset, window_start, window_end))");
            }
            Map<String, Long> clock = new LinkedHashMap<>();
            try (PreparedStatement window = c.prepareStatement(
                            "INSERT INTO features VALUES (?, ?, ?, ?, 60, ?::jsonb," + " NULL, NULL)");
                    PreparedStatement log = c.prepareStatement("INSERT INTO maintenance_log VALUES (?, ?, ?, ?,"
                            + " 'REPAIR', 'bearing', 'jd', 'brg replaced', 'MQTT', ?)")) {
                int order = 0;
                for (Life life : lives) {
                    long end = clock.getOrDefault(life.assetId(), T0);
                    for (int i = 0; i < life.steps(); i++) {
                        end += MIN;
                        add(window, plant, life.assetId(), end, life.channels(), life.step(i), 1450);
                    }
                    for (int i = 0; i < 3; i++) {
                        end += MIN;
                        add(window, plant, life.assetId(), end, life.channels(), life.step(life.steps() - 1), 0);
                    }
                    log.setString(1, "wo-" + plant + "-" + (++order));
                    log.setString(2, plant);
                    log.setString(3, life.assetId());
                    log.setTimestamp(4, new Timestamp(end));
                    log.setTimestamp(5, new Timestamp(end));
                    log.addBatch();
                    clock.put(life.assetId(), end);
                }
                window.executeBatch();
                log.executeBatch();
            }
        }
        return url;
    }

    private static void add(
            PreparedStatement st, String plant, String asset, long end, List<String> channels, double[] v, double speed)
            throws Exception {
        Map<String, Double> features = new LinkedHashMap<>();
        for (int c = 0; c < channels.size(); c++) features.put(channels.get(c), v[c]);
        features.put(RUNNING, speed);
        st.setString(1, plant);
        st.setString(2, asset);
        st.setTimestamp(3, new Timestamp(end - MIN));
        st.setTimestamp(4, new Timestamp(end));
        st.setString(5, JSON.writeValueAsString(features));
        st.addBatch();
    }

    private static List<ModelUpdate> awaitVersion(EmbeddedKafka kafka, String plant, long version) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "inference-" + plant,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(KafkaModelUpdatePublisher.topic(plant)));
            List<ModelUpdate> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    ModelUpdate update =
                            FlJson.read(new String(record.value(), StandardCharsets.UTF_8), ModelUpdate.class);
                    if (update.version() == version) found.add(update);
                }
                return !found.isEmpty();
            });
            return found;
        }
    }
}
