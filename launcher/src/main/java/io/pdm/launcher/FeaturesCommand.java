package io.pdm.launcher;

import io.pdm.features.FeatureJobConfig;
import io.pdm.schemas.Settings;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pdm features}: one plant's feature job on a MiniCluster in this JVM, against external Kafka
 * and PostgreSQL. On a Flink cluster, submit {@code io.pdm.features.FeatureJob} instead (same option names).
 */
@Command(
        name = "features",
        mixinStandardHelpOptions = true,
        description = "Runs one plant's Flink feature job on an embedded MiniCluster.")
public final class FeaturesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--plant",
            required = true,
            defaultValue = "${env:PDM_PLANT}",
            description = "Plant id (default: PDM_PLANT).")
    String plant;

    @Option(
            names = "--kafka",
            defaultValue = "${env:PDM_KAFKA:-" + Settings.DEFAULT_KAFKA + "}",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String kafka;

    @Option(
            names = "--jdbc",
            required = true,
            defaultValue = "${env:PDM_JDBC}",
            description =
                    "JDBC URL of the plant's database, e.g. jdbc:postgresql://host:5432/pdm_plant_a?user=pdm&password=…")
    String jdbc;

    @Option(
            names = "--window-size",
            defaultValue = "${env:PDM_FEATURES_WINDOW_SIZE}",
            description = "Window size in event time (default: PDM_FEATURES_WINDOW_SIZE, else 60s).")
    Duration windowSize;

    @Option(
            names = "--window-slide",
            defaultValue = "${env:PDM_FEATURES_WINDOW_SLIDE}",
            description = "Window slide (default: PDM_FEATURES_WINDOW_SLIDE, else the window size: tumbling).")
    Duration windowSlide;

    @Option(names = "--window", hidden = true, description = "Deprecated: --window-size.")
    Duration deprecatedWindow;

    @Option(names = "--slide", hidden = true, description = "Deprecated: --window-slide.")
    Duration deprecatedSlide;

    @Option(names = "--flink-port", defaultValue = "8081")
    int flinkPort;

    @Mixin
    KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    FeatureJobConfig config() {
        Duration size = DeprecatedOptions.resolve(spec, "--window", "--window-size", windowSize);
        Duration slide = DeprecatedOptions.resolve(spec, "--slide", "--window-slide", windowSlide);
        FeatureJobConfig defaults = FeatureJobConfig.defaults(plant, kafka);
        if (size == null) size = defaults.windowSize();
        return defaults.withWindow(size, slide == null ? size : slide).withKafkaSecurity(kafkaSecurity.security());
    }

    @Override
    public Integer call() throws Exception {
        FeatureJobConfig config = config();
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedFlink flink = new EmbeddedFlink(flinkPort, 2);
        // Ctrl-C: cancel the job and stop the cluster before the JVM exits (the hook must do the work,
        // the main thread may not get to run again).
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                flink.close();
                            } catch (Exception e) {
                                System.err.println("error while stopping Flink: " + e);
                            }
                            stopped.countDown();
                        },
                        "pdm-features-shutdown"));
        PlantJobs.submit(flink, config, jdbc);
        System.out.println("feature job for " + plant + " running; Flink UI " + flink.restAddress());
        stopped.await();
        return 0;
    }
}
