package io.pdm.embedded;

import java.nio.file.Path;

/**
 * In-process Kafka alone in a JVM, for tests that kill it. Args: dataDir port controllerPort. Stops
 * the broker in order on SIGTERM (shutdown hook) and prints {@code STOPPED}.
 */
public final class KafkaNode {
    private KafkaNode() {}

    public static void main(String[] args) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.builder()
                .dataDir(Path.of(args[0]))
                .port(Integer.parseInt(args[1]))
                .controllerPort(Integer.parseInt(args[2]))
                .internalTopicPartitions(1)
                .build()
                .start();
        kafka.createTopics(2, "restart-test");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            System.out.println("STOPPED");
        }));
        System.out.println("READY");
        Thread.currentThread().join();
    }
}
