package io.pdm.launcher;

import io.pdm.ingest.IngestConfig;
import io.pdm.ingest.IngestService;
import io.pdm.ingest.IngestSettings;
import io.pdm.schemas.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pdm ingest}: the ingest service alone, against external MQTT and Kafka. An option not given
 * falls back to the environment or system properties as ingest binds them ({@link IngestSettings}),
 * then to the {@link IngestConfig} defaults, so names, deprecated aliases and defaults live in one place.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = "Runs the MQTT to Kafka bridge and the maintenance-log REST API.")
public final class IngestCommand implements Callable<Integer> {
    @Option(names = "--mqtt", description = "Broker URL (default: PDM_MQTT, else tcp://127.0.0.1:1883).")
    String mqtt;

    @Option(names = "--kafka", description = "Kafka bootstrap servers (default: PDM_KAFKA, else 127.0.0.1:9092).")
    String kafka;

    @Option(names = "--rest-port", description = "REST port; negative disables (default: PDM_REST_PORT, else 8080).")
    Integer restPort;

    @Option(
            names = "--bind",
            description = "Address the REST API listens on (default: PDM_BIND, else " + Settings.DEFAULT_BIND + ").")
    String bind;

    @Option(
            names = "--connections",
            description =
                    "MQTT connections in the shared subscription group (default: PDM_INGEST_CONNECTIONS, else 2).")
    Integer connections;

    @Option(
            names = "--client-id-prefix",
            description =
                    "MQTT client ids are <prefix>-0..n-1; keep it stable per instance so a restart resumes its session (default: PDM_INGEST_CLIENT_ID_PREFIX, else pdm-ingest).")
    String clientIdPrefix;

    @Option(
            names = "--plant",
            split = ",",
            description = "Only these plants (repeatable or comma-separated; default: PDM_PLANT, else all).")
    List<String> plants;

    @Mixin
    KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Option(
            names = "--api-keys-file",
            description = "The REST intake's API keys, one 'plant sha256-hex-of-key' line each; without it the REST"
                    + " intake takes unauthenticated requests (PDM_INGEST_API_KEYS_FILE).")
    Path apiKeysFile;

    @Mixin
    MqttSecurityOptions mqttSecurity = new MqttSecurityOptions();

    IngestConfig config() {
        IngestConfig.Builder b = IngestSettings.fromEnvironment().applyTo(IngestConfig.builder());
        if (mqtt != null) b.mqttUrl(mqtt);
        if (kafka != null) b.kafkaBootstrap(kafka);
        if (restPort != null) b.restPort(restPort);
        if (bind != null) b.restAddress(bind);
        if (connections != null) b.connections(connections);
        if (clientIdPrefix != null) b.clientIdPrefix(clientIdPrefix);
        if (plants != null) b.plants(plants);
        if (apiKeysFile != null) b.apiKeys(apiKeysFile);
        b.kafkaSecurity(kafkaSecurity.security());
        b.mqttSecurity(mqttSecurity.over(b.build().mqttSecurity()));
        return b.build();
    }

    @Override
    public Integer call() throws Exception {
        IngestConfig config = config();
        CountDownLatch stop = new CountDownLatch(1);
        try (IngestService service = IngestService.start(config)) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                service.close();
                                stop.countDown();
                            },
                            "pdm-ingest-shutdown"));
            System.out.println("ingest running: MQTT " + config.mqttUrl() + " -> Kafka " + config.kafkaBootstrap()
                    + " (" + config.kafkaSecurity().describe() + ")"
                    + (service.restPort() > 0 ? ", REST on port " + service.restPort() : ""));
            stop.await();
        }
        return 0;
    }
}
