package io.pdm.launcher;

import io.pdm.features.FeatureJobConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pdm features}: one plant's feature job on a MiniCluster in this JVM, against external Kafka
 * and PostgreSQL. On a Flink cluster, submit {@code io.pdm.features.FeatureJob} instead.
 */
@Command(name = "features", mixinStandardHelpOptions = true, description = "Runs one plant's Flink feature job on an embedded MiniCluster.")
public final class FeaturesCommand implements Callable<Integer> {
    @Option(names = "--plant", required = true) String plant;

    @Option(names = "--kafka", defaultValue = "${env:PDM_KAFKA:-127.0.0.1:9092}", description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--jdbc", required = true, defaultValue = "${env:PDM_JDBC}", description = "JDBC URL of the plant's database, e.g. jdbc:postgresql://host:5432/pdm_plant_a?user=pdm&password=…")
    String jdbc;

    @Option(names = "--window", defaultValue = "60s") Duration window;
    @Option(names = "--slide", description = "Window slide; default: the window size (tumbling).") Duration slide;
    @Option(names = "--flink-port", defaultValue = "8081") int flinkPort;

    @Override
    public Integer call() throws Exception {
        FeatureJobConfig config = FeatureJobConfig.defaults(plant, kafka).withWindow(window, slide == null ? window : slide);
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedFlink flink = new EmbeddedFlink(flinkPort, 2);
        // Ctrl-C: cancel the job and stop the cluster before the JVM exits (the hook must do the work,
        // the main thread may not get to run again).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                flink.close();
            } catch (Exception e) {
                System.err.println("error while stopping Flink: " + e);
            }
            stopped.countDown();
        }, "pdm-features-shutdown"));
        PlantJobs.submit(flink, config, jdbc);
        System.out.println("feature job for " + plant + " running; Flink UI " + flink.restAddress());
        stopped.await();
        return 0;
    }
}
