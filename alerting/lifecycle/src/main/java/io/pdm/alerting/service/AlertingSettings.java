package io.pdm.alerting.service;

import io.pdm.alerting.lifecycle.LifecycleSettings;
import io.pdm.alerting.service.notify.NotifySettings;
import io.pdm.schemas.Ids;
import io.pdm.schemas.KafkaSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One plant's alerting service. Each setting has one name: the option {@code --x}, the property {@code pdm.alerting.x}
 * and the environment variable {@code PDM_ALERTING_X} (plant and Kafka are the shared {@code PDM_PLANT},
 * {@code PDM_KAFKA}); alerting/README.md lists them.
 *
 * @param stateDir       where Kafka Streams keeps its local stores (rebuilt from the changelogs when lost)
 * @param assetTypes     asset types besides the built-in ones (files), for inhibition and work-request codes
 * @param commitInterval how often the exactly-once transaction commits: the floor of candidate-to-event latency
 * @param threads        stream threads; tasks (one per input partition) are spread over them
 * @param kafkaSecurity  how its Kafka clients connect ({@code PDM_KAFKA_SECURITY_PROTOCOL}, …; docs/security.md)
 * @param notifications  notifications (preferences file, SMTP relay, webhooks, inbox links); {@link NotifySettings#OFF}
 *                       without a preferences file
 */
public record AlertingSettings(
        String plant,
        String kafka,
        Path stateDir,
        LifecycleSettings lifecycle,
        List<Path> assetTypes,
        Duration commitInterval,
        int threads,
        KafkaSecurity kafkaSecurity,
        NotifySettings notifications) {

    public static final String PREFIX = "pdm.alerting.";
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(50);

    public AlertingSettings {
        Ids.require("plant", plant);
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        assetTypes = List.copyOf(assetTypes);
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("commit interval must be positive: " + commitInterval);
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        if (notifications == null) notifications = NotifySettings.OFF;
    }

    /** Without notifications. */
    public AlertingSettings(
            String plant,
            String kafka,
            Path stateDir,
            LifecycleSettings lifecycle,
            List<Path> assetTypes,
            Duration commitInterval,
            int threads,
            KafkaSecurity kafkaSecurity) {
        this(plant, kafka, stateDir, lifecycle, assetTypes, commitInterval, threads, kafkaSecurity, NotifySettings.OFF);
    }

    public AlertingSettings withNotifications(NotifySettings notifications) {
        return new AlertingSettings(
                plant, kafka, stateDir, lifecycle, assetTypes, commitInterval, threads, kafkaSecurity, notifications);
    }

    public static AlertingSettings of(String plant, String kafka, Path stateDir, LifecycleSettings lifecycle) {
        return new AlertingSettings(
                plant, kafka, stateDir, lifecycle, List.of(), DEFAULT_COMMIT_INTERVAL, 1, KafkaSecurity.PLAINTEXT);
    }

    /** The Kafka Streams application id: under the plant's topic prefix, so its internal topics are too. */
    public String applicationId() {
        return "pdm." + plant + ".alerting";
    }
}
