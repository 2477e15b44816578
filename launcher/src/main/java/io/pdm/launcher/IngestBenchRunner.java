package io.pdm.launcher;

import io.pdm.bench.ingest.IngestBench;
import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.EmbeddedMqttBroker;

/** Runs the ingest benchmark; a broker or Kafka that is not given is started embedded for the run. */
final class IngestBenchRunner {
    private IngestBenchRunner() {}

    static int run(String mqttUrl, String kafkaBootstrap, int messages, int publishers, int connections)
            throws Exception {
        try (EmbeddedMqttBroker mqtt =
                        mqttUrl == null ? EmbeddedMqttBroker.builder().build().start() : null;
                EmbeddedKafka kafka =
                        kafkaBootstrap == null ? EmbeddedKafka.builder().build().start() : null) {
            IngestBench.Options options = IngestBench.Options.defaults(
                            mqtt == null ? mqttUrl : mqtt.url(),
                            kafka == null ? kafkaBootstrap : kafka.bootstrapServers())
                    .withMessages(messages, Math.min(20_000, messages / 10))
                    .withConnections(publishers, connections);
            System.out.printf(
                    "ingest bench: broker %s, Kafka %s%n",
                    mqtt == null ? mqttUrl : "embedded HiveMQ CE", kafka == null ? kafkaBootstrap : "embedded KRaft");
            System.out.print(IngestBench.run(options, System.out).summary());
        }
        return 0;
    }
}
