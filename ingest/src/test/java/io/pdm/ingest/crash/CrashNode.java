package io.pdm.ingest.crash;

import io.pdm.embedded.EmbeddedKafka;
import io.pdm.embedded.EmbeddedMqttBroker;
import io.pdm.ingest.IngestConfig;
import io.pdm.ingest.IngestService;
import io.pdm.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The backbone in its own JVM, the way {@code pdm demo} wires it: HiveMQ CE with file persistence and
 * the device gate, in-process Kafka and ingest, all on one data dir, on fixed ports. Started by
 * {@link CrashRecoveryIT} as a child process that it kills. Prints {@code READY} once devices are
 * admitted; on SIGTERM it stops ingest, the broker and Kafka in order.
 *
 * <p>Arguments: dataDir mqttPort kafkaPort controllerPort plant.
 */
public final class CrashNode {
    static final String INGEST_PREFIX = "pdm-ingest";

    private CrashNode() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int mqttPort = Integer.parseInt(args[1]);
        int kafkaPort = Integer.parseInt(args[2]);
        int controllerPort = Integer.parseInt(args[3]);
        String plant = args[4];
        EmbeddedKafka kafka = EmbeddedKafka.builder()
                .port(kafkaPort)
                .controllerPort(controllerPort)
                .dataDir(dir.resolve("kafka"))
                .internalTopicPartitions(1)
                .build()
                .start();
        kafka.createTopics(3, Topics.telemetry(plant));
        kafka.createTopics(1, Topics.maintenanceLogs(plant), Topics.dlq(plant), Topics.dlq("unroutable"));
        EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.builder()
                .port(mqttPort)
                .dataDir(dir.resolve("mqtt"))
                .filePersistence(true)
                .refuseDevicesUntilAdmitted(INGEST_PREFIX)
                .build()
                .start();
        IngestService ingest = IngestService.start(IngestConfig.builder()
                .mqttUrl(mqtt.url())
                .kafkaBootstrap(kafka.bootstrapServers())
                .clientIdPrefix(INGEST_PREFIX)
                // HiveMQ CE forgets a shared subscription's in-flight messages on kill -9 (BrokerCrashIT)
                .connections(1)
                .sharedSubscription(false)
                .restPort(-1)
                .sessionExpiry(Duration.ofHours(1))
                .build());
        mqtt.admitDevices();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("STOPPING");
                            mqtt.refuseDevices(); // nothing acknowledged to devices from here on
                            ingest.close();
                            mqtt.close();
                            kafka.close();
                            System.out.println("STOPPED");
                        },
                        "crash-node-stop"));
        System.out.println("READY refused=" + mqtt.refusedConnects());
        Thread.currentThread().join(); // until killed
    }
}
