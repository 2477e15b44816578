package io.pdm.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.EmbeddedMqttBroker;
import org.junit.jupiter.api.Test;

/**
 * Runs the ingest benchmark against the embedded brokers. Small by default so the suite stays
 * fast; {@code -Dpdm.bench.messages=200000} gives the full run whose figures are in the README.
 */
class IngestBenchIT {
    @Test
    void benchMeasuresAllThreePhases() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
                EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.builder().build().start()) {
            measure(kafka, mqtt);
        }
    }

    private static void measure(EmbeddedKafka kafka, EmbeddedMqttBroker mqtt) throws Exception {
        int n = Integer.getInteger("pdm.bench.messages", 20_000);
        int publishers = Integer.getInteger("pdm.bench.publishers", 8);
        int connections = Integer.getInteger("pdm.bench.connections", 2);
        IngestBench.Options o = IngestBench.Options.defaults(mqtt.url(), kafka.bootstrapServers())
                .withMessages(n, Math.min(20_000, n / 10))
                .withConnections(publishers, connections)
                .withWindow(Integer.getInteger("pdm.bench.window", 1_000))
                .withProducerProps(
                        System.getProperty("pdm.bench.linger") == null
                                ? java.util.Map.of()
                                : java.util.Map.of("linger.ms", System.getProperty("pdm.bench.linger")));
        IngestBench.Result r = IngestBench.run(o, System.out);
        System.out.print(r.summary());
        // Every message sent reached Kafka exactly once, read back from the topics' offsets: the raw producer's
        // (idempotent) and the bridge's, warm-up included; the bridge refused none.
        long sent = (long) o.warmup() + o.messages();
        assertThat(r.rawTopicRecords()).isEqualTo(sent);
        assertThat(r.bridgeTopicRecords()).isEqualTo(sent);
        assertThat(r.bridgeRejected()).isZero();
    }
}
