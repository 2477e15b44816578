package io.pdm.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.schemas.MqttTopics;
import io.pdm.schemas.Topics;
import io.pdm.schemas.avro.ScalarSnapshot;
import io.pdm.schemas.avro.TelemetryRecord;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Stops the bridge while messages stream in and starts a new one with the same client ids: every
 * published message must reach Kafka (duplicates allowed).
 */
class BridgeRestartIT {

    @Test
    void crashMidStreamLosesNothing() throws Exception {
        restart("restart-crash", svc -> {
            svc.killKafkaPath(); // sends fail from now on: nothing may be acknowledged
            long failuresFrom = svc.kafkaSendFailures();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> svc.kafkaSendFailures() > failuresFrom + 50);
            assertThat(svc.received()).isGreaterThan(svc.forwarded() + 50);
            svc.crash();
        });
    }

    @Test
    void gracefulCloseMidStreamLosesNothing() throws Exception {
        restart("restart-close", IngestService::close);
    }

    private void restart(String plant, Consumer<IngestService> stop) throws Exception {
        TestInfra.createTopics(plant);
        int total = 2500;
        IngestConfig cfg = TestInfra.config("it-" + plant)
                .connections(2)
                .plants(List.of(plant))
                .build();
        IngestService first = IngestService.start(cfg);
        CompletableFuture<Void> publishing;
        try (BridgeIT.Publisher pub = BridgeIT.v5("pub-" + plant)) {
            publishing = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        pub.publish(MqttTopics.telemetry(plant, "asset-" + (i % 5)), BridgeIT.snapshot(i));
                        // ~250 msg/s: the stop lands mid-stream, and what is published while no bridge is
                        // connected stays under the broker's offline queue limit (HiveMQ default 1000,
                        // beyond which the broker itself discards; see README).
                        if (i % 10 == 0) Thread.sleep(40);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> first.forwarded() >= 500);
            stop.accept(first);
            long forwardedBefore = first.forwarded();
            assertThat(forwardedBefore).isLessThan(total); // it really stopped mid-stream
            try (IngestService second = IngestService.start(cfg)) {
                publishing.get();
                List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> all =
                        TestInfra.read(Topics.telemetry(plant), total, Duration.ofSeconds(60), Duration.ofSeconds(2));
                Set<Integer> seen = new HashSet<>();
                for (var r : all) {
                    TelemetryRecord t = BridgeIT.TELEMETRY.decode(r.value());
                    seen.add(((ScalarSnapshot) t.getBody())
                            .getValues()
                            .get("seq")
                            .intValue());
                }
                StringBuilder missing = new StringBuilder();
                for (int i = 0; i < total; i++) {
                    if (!seen.contains(i) && (i == 0 || seen.contains(i - 1)))
                        missing.append(" ").append(i).append("..");
                    if (!seen.contains(i) && (i == total - 1 || seen.contains(i + 1))) missing.append(i);
                }
                System.out.println("DIAG forwardedBefore=" + forwardedBefore + " receivedBefore=" + first.received()
                        + " second received=" + second.received() + " forwarded=" + second.forwarded() + " kafka="
                        + all.size() + " missing:" + missing);
                assertThat(seen).hasSize(total);
                assertThat(all.size()).isGreaterThanOrEqualTo(total);
                assertThat(second.forwarded()).isPositive();
            }
        } finally {
            first.close();
        }
    }
}
