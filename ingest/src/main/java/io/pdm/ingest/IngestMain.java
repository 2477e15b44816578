package io.pdm.ingest;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Plain entry point: {@code java io.pdm.ingest.IngestMain} with settings from system properties or
 * environment ({@code pdm.ingest.mqtt-url} / {@code PDM_INGEST_MQTT_URL}, {@code kafka-bootstrap},
 * {@code connections}, {@code plants} (comma-separated), {@code rest-port}, {@code client-id-prefix}).
 */
public final class IngestMain {
    private IngestMain() {}

    public static void main(String[] args) throws InterruptedException {
        IngestConfig.Builder b = IngestConfig.builder();
        opt("mqtt-url").ifPresent(b::mqttUrl);
        opt("kafka-bootstrap").ifPresent(b::kafkaBootstrap);
        opt("client-id-prefix").ifPresent(b::clientIdPrefix);
        opt("connections").map(Integer::parseInt).ifPresent(b::connections);
        opt("rest-port").map(Integer::parseInt).ifPresent(b::restPort);
        opt("plants").map(s -> List.of(s.split(","))).ifPresent(b::plants);
        IngestService service = IngestService.start(b.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "pdm-ingest-shutdown"));
        System.out.println("pdm ingest running, REST port " + service.restPort() + " (Ctrl-C to stop)");
        stopped.await();
    }

    private static java.util.Optional<String> opt(String name) {
        String v = System.getProperty("pdm.ingest." + name);
        if (v == null) v = System.getenv("PDM_INGEST_" + name.toUpperCase().replace('-', '_'));
        return java.util.Optional.ofNullable(v).filter(s -> !s.isBlank()).map(String::trim);
    }

}
