package io.pdm.launcher;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.EmbeddedMqttBroker;
import io.pdm.ingest.bench.IngestBench;

/** Runs the ingest benchmark against external brokers, or against embedded ones started for the run. */
final class IngestBenchRunner {
    private IngestBenchRunner() {}

    static int run(String mqttUrl, String kafkaBootstrap, int messages, int publishers, int connections) throws Exception {
        if (mqttUrl != null && kafkaBootstrap != null) {
            return report(IngestBench.Options.defaults(mqttUrl, kafkaBootstrap), messages, publishers, connections);
        }
        try (EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.builder().build().start();
             EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
            return report(IngestBench.Options.defaults(mqtt.url(), kafka.bootstrapServers()), messages, publishers, connections);
        }
    }

    private static int report(IngestBench.Options options, int messages, int publishers, int connections) throws Exception {
        IngestBench.Result r = IngestBench.run(options.withMessages(messages, Math.min(20_000, messages / 10))
                .withConnections(publishers, connections), System.out);
        System.out.print(r.summary());
        return 0;
    }
}
