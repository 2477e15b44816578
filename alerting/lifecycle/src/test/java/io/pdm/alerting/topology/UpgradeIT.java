package io.pdm.alerting.topology;

import static io.pdm.alerting.topology.AlertingServiceIT.ack;
import static io.pdm.alerting.topology.AlertingServiceIT.candidate;
import static io.pdm.alerting.topology.AlertingServiceIT.producer;
import static io.pdm.alerting.topology.AlertingServiceIT.readEvents;
import static io.pdm.alerting.topology.AlertingServiceIT.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.pdm.alerting.lifecycle.AlertLifecycle;
import io.pdm.alerting.lifecycle.AssetCondition;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.lifecycle.Silence;
import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.schemas.Topics;
import io.pdm.schemas.alerting.AlertState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The upgrade from the first session's two-hop topology, where every input crossed the {@code by-asset} repartition
 * topic and the stores lived in sub-topology 1 (tasks {@code 1_p}), to the one-hop topology (stores in tasks
 * {@code 0_p}, same store and changelog names): the new service starts on the old state directory and the old
 * changelogs, restores every alert from them and continues each one with no event repeated. Unlike
 * {@link AlertingServiceIT} (same topology, empty directory), the directory here holds the old layout's task
 * directories and their checkpoints, which the new tasks must not mistake for theirs.
 */
class UpgradeIT {
    static final String PLANT = Plant.PLANT;
    static final int ASSETS = 12;

    @Test
    void theOneHopServiceOnTheTwoHopLayoutsStateRestoresEveryAlertAndRepeatsNoEvent() throws Exception {
        Path dirs = Files.createTempDirectory("pdm-alerting-upgrade-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
                KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
            kafka.createTopics(3, Topics.alerts(PLANT), Topics.alertCommands(PLANT));
            kafka.createTopics(3, Topics.maintenanceEvents(PLANT), Topics.alertsState(PLANT), Topics.dlq(PLANT));
            LifecycleSettings lifecycle = LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO);
            AlertingSettings settings = AlertingSettings.of(PLANT, kafka.bootstrapServers(), dirs, lifecycle);
            Instant t = Instant.parse("2026-12-05T08:00:00Z");

            // the old layout raises every alert; the even pumps' alerts are acknowledged
            try (KafkaStreams old =
                    new KafkaStreams(twoHopLayout(lifecycle, 3), AlertingService.properties(settings))) {
                old.start();
                for (int i = 0; i < ASSETS; i++) {
                    String asset = "pump-" + i;
                    send(producer, Topics.alerts(PLANT), asset, candidate(asset, "RAISED", t));
                    if (i % 2 == 0) send(producer, Topics.alertCommands(PLANT), asset, ack(asset, t.plusSeconds(30)));
                }
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> readEvents(kafka).size() == ASSETS + ASSETS / 2);
            }
            Path app = dirs.resolve(settings.applicationId());
            try (var tasks = Files.list(app)) {
                assertThat(tasks.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("1_")))
                        .as("the old layout kept its stores in sub-topology 1")
                        .isNotEmpty();
            }
            assertThat(Files.exists(app.resolve("0_0").resolve("rocksdb").resolve(AlertingTopology.ALERTS)))
                    .isFalse();

            // every alert clears: acknowledged ones close, the others wait for an acknowledgement
            for (int i = 0; i < ASSETS; i++) {
                String asset = "pump-" + i;
                send(producer, Topics.alerts(PLANT), asset, candidate(asset, "CLEARED", t.plusSeconds(600)));
            }
            try (AlertingService upgraded = AlertingService.start(settings)) {
                int expected = ASSETS + ASSETS / 2 + ASSETS + ASSETS / 2; // raised, acked | cleared, closed
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> readEvents(kafka).size() >= expected);
                Thread.sleep(1000); // anything emitted twice would arrive by now
                List<CloudEvent> events = readEvents(kafka);
                assertThat(events).hasSize(expected);
                assertThat(events.stream().map(CloudEvent::getId).distinct()).hasSize(expected);
                String even = Plant.fp("pump-4", AlertingServiceIT.RUL, AlertingServiceIT.MODE);
                String odd = Plant.fp("pump-5", AlertingServiceIT.RUL, AlertingServiceIT.MODE);
                assertThat(events.stream().filter(e -> e.getSubject().equals("pump-4")))
                        .extracting(CloudEvent::getId, CloudEvent::getType)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple(even + "-1-1", "io.pdm.alert.raised"),
                                org.assertj.core.groups.Tuple.tuple(even + "-1-2", "io.pdm.alert.acknowledged"),
                                org.assertj.core.groups.Tuple.tuple(even + "-1-3", "io.pdm.alert.cleared"),
                                org.assertj.core.groups.Tuple.tuple(even + "-1-4", "io.pdm.alert.closed"));
                assertThat(events.stream().filter(e -> e.getSubject().equals("pump-5")))
                        .extracting(CloudEvent::getId)
                        .containsExactly(odd + "-1-1", odd + "-1-2");

                // the latest state of every alert says what both layouts did to it
                Map<String, AlertState> latest = latestStates(kafka);
                assertThat(latest).hasSize(ASSETS);
                for (int i = 0; i < ASSETS; i++) {
                    AlertState s = latest.get(Plant.fp("pump-" + i, AlertingServiceIT.RUL, AlertingServiceIT.MODE));
                    assertThat(s.stateName())
                            .as("pump-" + i)
                            .isEqualTo(i % 2 == 0 ? "CLEARED_ACKNOWLEDGED" : "CLEARED_UNACKNOWLEDGED");
                    assertThat(s.sequence()).isEqualTo(1);
                }
                assertThat(Files.exists(app.resolve("0_0").resolve("rocksdb").resolve(AlertingTopology.ALERTS)))
                        .as("the new tasks restored the stores under their own directories")
                        .isTrue();
                assertThat(upgraded.state()).isEqualTo(KafkaStreams.State.RUNNING);
            }
        } finally {
            TestDirs.delete(dirs);
        }
    }

    /**
     * The first session's topology, as it was: every accepted input crosses {@code by-asset} (partitioned by the
     * asset) to the lifecycle in sub-topology 1, with the same stores, store names and outputs as today's.
     */
    static Topology twoHopLayout(LifecycleSettings settings, int partitions) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(AlertingTopology.ALERTS), Serdes.String(), AlertStates.SERDE));
        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(AlertingTopology.SILENCES),
                Serdes.String(),
                JsonSerde.of(Silence.class)));
        b.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(AlertingTopology.ASSETS),
                Serdes.String(),
                JsonSerde.of(AssetCondition.class)));
        String candidatesTopic = Topics.alerts(PLANT), commandsTopic = Topics.alertCommands(PLANT);
        Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
        KStream<String, Routed> inputs = b.stream(candidatesTopic, raw.withName("candidates"))
                .process(
                        () -> new Decode(PLANT, Routed.Kind.CANDIDATE, candidatesTopic, partitions),
                        Named.as("decode-candidates"))
                .merge(
                        b.stream(commandsTopic, raw.withName("commands"))
                                .process(
                                        () -> new Decode(PLANT, Routed.Kind.COMMAND, commandsTopic, partitions),
                                        Named.as("decode-commands")),
                        Named.as("inputs"));
        AlertLifecycle lifecycle = new AlertLifecycle(settings);
        KStream<String, byte[]> out = inputs.filter((k, v) -> v.kind() != Routed.Kind.DEAD_LETTER, Named.as("accepted"))
                .mapValues(v -> new Routed(v.kind(), v.asset(), v.payload()), Named.as("as-then"))
                .repartition(Repartitioned.<String, Routed>as("by-asset")
                        .withKeySerde(Serdes.String())
                        .withValueSerde(Routed.SERDE)
                        .withStreamPartitioner(Routed.BY_ASSET))
                .process(
                        () -> new LifecycleProcessor(PLANT, lifecycle, AssetCatalogue.builtIn()),
                        Named.as("lifecycle"),
                        AlertingTopology.ALERTS,
                        AlertingTopology.SILENCES,
                        AlertingTopology.ASSETS);
        // the output side as the processor now forwards it (straight to the sinks): it holds no state
        Produced<String, byte[]> bytes = Produced.with(Serdes.String(), Serdes.ByteArray());
        out.to(Topics.maintenanceEvents(PLANT), bytes.withName(Wiring.EVENTS));
        out.to(Topics.alertsState(PLANT), bytes.withName(Wiring.STATES));
        out.to(Topics.dlq(PLANT), bytes.withName(Wiring.REJECTED));
        return b.build();
    }

    /** The latest committed state per fingerprint on the state topic. */
    static Map<String, AlertState> latestStates(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        Map<String, AlertState> out = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.alertsState(PLANT)));
            int empty = 0;
            while (empty < 3) {
                var records = c.poll(Duration.ofMillis(300));
                if (records.isEmpty()) empty++;
                records.forEach(r -> out.put(r.key(), r.value() == null ? null : Plant.parse(r.value())));
            }
        }
        return out;
    }
}
