package io.pdm.alerting.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.service.AlertingService;
import io.pdm.alerting.service.AlertingSettings;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Routing on the broker, where the lifecycle has three tasks: the alerts topic has 3 partitions, the commands topic
 * only 1 (another partition count), so commands on assets of partitions 1 and 2 arrive in the wrong task and must
 * cross the repartition topic; a candidate written to a partition of the producer's choosing too. A silence written
 * once (to the one commands partition) must reach every task.
 */
class RoutingIT {
    static final String PLANT = Plant.PLANT, RUL = AlertingServiceIT.RUL, MODE = AlertingServiceIT.MODE;

    @Test
    void misroutedInputsAndSilencesReachTheTaskThatOwnsTheAsset() throws Exception {
        Path dirs = Files.createTempDirectory("pdm-alerting-routing-it-");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
                KafkaProducer<String, byte[]> producer = AlertingServiceIT.producer(kafka.bootstrapServers())) {
            kafka.createTopics(3, Topics.alerts(PLANT));
            kafka.createTopics(1, Topics.alertCommands(PLANT));
            Instant t = Instant.parse("2026-12-05T08:00:00Z");
            List<String> assets = List.of(
                    RoutingTopologyTest.assetOn(0), RoutingTopologyTest.assetOn(1), RoutingTopologyTest.assetOn(2));
            String wrong = "pump-wrong"; // sent by hand to a partition that is not its key's
            int wrongPartition = (Routed.partitionOf(wrong, 3) + 1) % 3;
            try (AlertingService service = AlertingService.start(AlertingSettings.of(
                    PLANT,
                    kafka.bootstrapServers(),
                    dirs,
                    LifecycleSettings.DEFAULTS.withFleetingHold(Duration.ZERO)))) {
                for (String a : assets) {
                    AlertingServiceIT.send(
                            producer, Topics.alerts(PLANT), a, AlertingServiceIT.candidate(a, "RAISED", t));
                }
                producer.send(new ProducerRecord<>(
                                Topics.alerts(PLANT),
                                wrongPartition,
                                null,
                                AlertingServiceIT.candidate(wrong, "RAISED", t)))
                        .get();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> AlertingServiceIT.readEvents(kafka).size() == 4);
                for (String a : assets) {
                    AlertingServiceIT.send(
                            producer, Topics.alertCommands(PLANT), a, AlertingServiceIT.ack(a, t.plusSeconds(60)));
                }
                AlertingServiceIT.send(
                        producer,
                        Topics.alertCommands(PLANT),
                        null,
                        ("{\"type\":\"silence-add\",\"commandId\":\"s-1\",\"silenceId\":\"overhaul\",\"matchers\":"
                                        + "{\"kind\":\"" + RUL + "\"},\"start\":\"2026-01-01T00:00:00Z\",\"end\":"
                                        + "\"2099-01-01T00:00:00Z\",\"by\":\"carol\",\"at\":\"" + t + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
                // per asset of the three: raised, acknowledged, suppressed; the hand-routed one: raised, suppressed
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> AlertingServiceIT.readEvents(kafka).size() >= 11);
                Thread.sleep(1000); // anything emitted twice would arrive by now
                List<CloudEvent> events = AlertingServiceIT.readEvents(kafka);
                assertThat(events).hasSize(11);
                Map<String, List<String>> byAsset = events.stream()
                        .collect(Collectors.groupingBy(
                                CloudEvent::getSubject,
                                Collectors.mapping(
                                        e -> e.getType().substring("io.pdm.alert.".length()), Collectors.toList())));
                for (String a : assets) {
                    assertThat(byAsset.get(a)).containsExactlyInAnyOrder("raised", "acknowledged", "suppressed");
                }
                assertThat(byAsset.get(wrong)).containsExactlyInAnyOrder("raised", "suppressed");
                assertThat(events.stream().map(CloudEvent::getId).collect(Collectors.toSet()))
                        .hasSize(11);
                // the state topic: the latest state of each alert
                Map<String, io.pdm.schemas.alerting.AlertState> states = latestStates(kafka);
                assertThat(states).hasSize(4);
                for (String a : assets) {
                    assertThat(states.get(Plant.fp(a, RUL, MODE)))
                            .satisfies(s -> assertThat(s.acknowledged()).isTrue())
                            .satisfies(s -> assertThat(s.suppressedBy()).containsExactly("silence:overhaul"));
                }
            }
        } finally {
            TestDirs.delete(dirs);
        }
    }

    /** The last committed value of each key on the state topic. */
    static Map<String, io.pdm.schemas.alerting.AlertState> latestStates(EmbeddedKafka kafka) {
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("group.id", "it-" + java.util.UUID.randomUUID());
        Map<String, io.pdm.schemas.alerting.AlertState> out = new java.util.HashMap<>();
        try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                p,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.alertsState(PLANT)));
            int empty = 0;
            while (empty < 3) {
                var records = c.poll(Duration.ofMillis(300));
                if (records.isEmpty()) empty++;
                for (var r : records) {
                    if (r.value() == null) out.remove(r.key());
                    else out.put(r.key(), Plant.parse(r.value()));
                }
            }
        }
        return out;
    }
}
