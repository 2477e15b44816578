package io.pdm.embedded;

import java.nio.file.Path;

/** HiveMQ with file persistence alone in a JVM, for tests that kill it. Args: dataDir port. */
public final class BrokerNode {
    private BrokerNode() {}

    public static void main(String[] args) throws Exception {
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.builder()
                .dataDir(Path.of(args[0]))
                .port(Integer.parseInt(args[1]))
                .filePersistence(true)
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        System.out.println("READY");
        Thread.currentThread().join();
    }
}
