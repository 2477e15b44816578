package io.pdm.ingest;

import java.util.concurrent.CountDownLatch;

/**
 * Plain entry point: {@code java io.pdm.ingest.IngestMain} with the settings of {@link IngestSettings}
 * from system properties or the environment ({@code -Dpdm.kafka=…} or {@code PDM_KAFKA}, {@code pdm.mqtt},
 * {@code pdm.rest-port}, {@code pdm.plant}, {@code pdm.ingest.connections}, {@code pdm.ingest.client-id-prefix}).
 */
public final class IngestMain {
    private IngestMain() {}

    public static void main(String[] args) throws InterruptedException {
        IngestService service = IngestService.start(
                IngestSettings.fromEnvironment().applyTo(IngestConfig.builder()).build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            service.close();
                            stopped.countDown();
                        },
                        "pdm-ingest-shutdown"));
        System.out.println("pdm ingest running, REST port " + service.restPort() + " (Ctrl-C to stop)");
        stopped.await();
    }
}
