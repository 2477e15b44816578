package io.pdm.launcher;

import io.pdm.ingest.IngestConfig;
import io.pdm.ingest.IngestService;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm ingest}: the ingest service alone, against external MQTT and Kafka. */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "Runs the MQTT to Kafka bridge and the maintenance-log REST API.")
public final class IngestCommand implements Callable<Integer> {
    @Option(names = "--mqtt", defaultValue = "${env:PDM_MQTT:-tcp://127.0.0.1:1883}", description = "Broker URL (default ${DEFAULT-VALUE}).")
    String mqtt;

    @Option(names = "--kafka", defaultValue = "${env:PDM_KAFKA:-127.0.0.1:9092}", description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--rest-port", defaultValue = "${env:PDM_REST_PORT:-8080}", description = "REST port; negative disables (default ${DEFAULT-VALUE}).")
    int restPort;

    @Option(names = "--connections", defaultValue = "2", description = "MQTT connections in the shared subscription group (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--client-id-prefix", defaultValue = "${env:PDM_INGEST_CLIENT_ID:-pdm-ingest}",
            description = "MQTT client ids are <prefix>-0..n-1; keep it stable per instance so a restart resumes its session (default ${DEFAULT-VALUE}).")
    String clientIdPrefix;

    @Option(names = "--plant", description = "Only these plants (repeatable); default: all.")
    List<String> plants = List.of();

    @Override
    public Integer call() throws Exception {
        IngestConfig config = IngestConfig.builder().mqttUrl(mqtt).kafkaBootstrap(kafka).restPort(restPort)
                .connections(connections).plants(plants).clientIdPrefix(clientIdPrefix).build();
        CountDownLatch stop = new CountDownLatch(1);
        try (IngestService service = IngestService.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                stop.countDown();
            }, "pdm-ingest-shutdown"));
            System.out.println("ingest running: MQTT " + mqtt + " -> Kafka " + kafka
                    + (service.restPort() > 0 ? ", REST on port " + service.restPort() : ""));
            stop.await();
        }
        return 0;
    }
}
