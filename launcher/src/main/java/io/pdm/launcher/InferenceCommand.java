package io.pdm.launcher;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pdm.assets.AssetTypeMapping;
import io.pdm.inference.policy.PolicySettings;
import io.pdm.inference.retrieval.LogEmbedder;
import io.pdm.inference.service.InferenceService;
import io.pdm.inference.service.InferenceSettings;
import io.pdm.inference.service.InstanceId;
import io.pdm.inference.service.StoredMaintenanceContext;
import io.pdm.inference.service.WriterSettings;
import io.pdm.inference.writer.AlertTextPipeline;
import io.pdm.schemas.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pdm inference}: one plant's inference service against external Kafka and PostgreSQL. The command only turns
 * options into {@link InferenceSettings} and {@link WriterSettings}; the service owns its loop.
 */
@Command(
        name = "inference",
        mixinStandardHelpOptions = true,
        description = "Scores a plant's assets from its feature topic and publishes predictions and written alerts.")
public final class InferenceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--plant", defaultValue = "${env:PDM_PLANT}", description = "The plant (PDM_PLANT).")
    String plant;

    @Option(
            names = "--kafka",
            defaultValue = "${env:PDM_KAFKA:-" + Settings.DEFAULT_KAFKA + "}",
            description = "Kafka bootstrap servers (PDM_KAFKA, default ${DEFAULT-VALUE}).")
    String kafka;

    @Option(
            names = "--jdbc",
            defaultValue = "${env:PDM_JDBC}",
            description = "The plant's PostgreSQL JDBC URL (PDM_JDBC).")
    String jdbc;

    @Option(
            names = "--asset-type",
            split = ",",
            defaultValue = "${env:PDM_INFERENCE_ASSET_TYPES:-pump-set}",
            description = "Built-in type ids or type files (.json/.yaml), repeatable (PDM_INFERENCE_ASSET_TYPES,"
                    + " default ${DEFAULT-VALUE}).")
    List<String> assetTypes;

    @Option(
            names = "--asset-map",
            defaultValue = "${env:PDM_INFERENCE_ASSET_MAP}",
            description = "Which asset is which type: a file with default/assets/patterns (PDM_INFERENCE_ASSET_MAP)."
                    + " Without it every asset is of the first --asset-type.")
    Path assetMap;

    @Option(
            names = "--base-model",
            description = "TYPE=DIR: the remaining-life base model of an asset type, repeatable. A type without one"
                    + " is watched for its condition only.")
    Map<String, Path> baseModels = Map.of();

    @Option(
            names = "--writer",
            defaultValue = "${env:PDM_INFERENCE_WRITER:-template}",
            description = "template, local or openai (PDM_INFERENCE_WRITER, default ${DEFAULT-VALUE}).")
    String writer;

    @Option(names = "--writer-model", description = "Checkpoint directory of the local writer.")
    Path writerModel;

    @Option(names = "--llama3", description = "The local writer's checkpoint uses Llama 3's special tokens.")
    boolean llama3;

    @Option(
            names = "--openai-url",
            defaultValue = "${env:PDM_INFERENCE_OPENAI_URL}",
            description = "Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1.")
    URI openAiUrl;

    @Option(names = "--openai-model", defaultValue = "${env:PDM_INFERENCE_OPENAI_MODEL}")
    String openAiModel;

    @Option(
            names = "--openai-key-file",
            defaultValue = "${env:PDM_INFERENCE_OPENAI_KEY_FILE}",
            description = "A file holding the server's API key.")
    Path openAiKeyFile;

    @Option(
            names = "--writer-deadline",
            defaultValue = "10s",
            description = "The longest an alert waits for its text before the template's (default ${DEFAULT-VALUE}).")
    Duration writerDeadline;

    @Option(
            names = "--rest-port",
            defaultValue = "${env:PDM_REST_PORT:-" + Settings.DEFAULT_REST_PORT + "}",
            description = "The service's REST port (PDM_REST_PORT, default ${DEFAULT-VALUE}; 0 for a free one).")
    int restPort;

    @Option(
            names = "--bind",
            defaultValue = "${env:PDM_BIND:-" + Settings.DEFAULT_BIND + "}",
            description = "Address the REST API listens on (PDM_BIND, default ${DEFAULT-VALUE}).")
    String bind;

    @Option(
            names = "--instance",
            defaultValue = "${env:PDM_INFERENCE_INSTANCE}",
            description = "This instance's id among the plant's instances: part of its Kafka transactional id, its"
                    + " logs and meters; unique per running instance (PDM_INFERENCE_INSTANCE, default the host name,"
                    + " which is the pod's name in Kubernetes).")
    String instance;

    @Option(names = "--warm-up", defaultValue = "500", description = "Feature vectors per partition replayed on start.")
    int warmUp;

    @Option(
            names = "--change-alerts",
            defaultValue = "${env:PDM_INFERENCE_CHANGE_ALERTS:-unscored-only}",
            description = "When a channel leaving its learned baseline raises an alert of its own: unscored-only"
                    + " (assets no remaining-life model scores; elsewhere it is evidence) or always"
                    + " (PDM_INFERENCE_CHANGE_ALERTS, default ${DEFAULT-VALUE}).")
    String changeAlerts;

    @Mixin
    KafkaSecurityOptions kafkaSecurity = new KafkaSecurityOptions();

    @Option(
            names = "--api-keys-file",
            defaultValue = "${env:PDM_INFERENCE_API_KEYS_FILE}",
            description = "API keys of the plant-scoped REST API, one 'plant sha256-hex-of-key' line each; without it"
                    + " the API takes unauthenticated requests (PDM_INFERENCE_API_KEYS_FILE).")
    java.nio.file.Path apiKeysFile;

    InferenceSettings settings() throws java.io.IOException {
        if (plant == null || plant.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--plant (or PDM_PLANT) is required");
        }
        if (jdbc == null || jdbc.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jdbc (or PDM_JDBC) is required");
        }
        AssetTypeMapping mapping =
                assetMap != null ? AssetTypeMapping.load(assetMap) : AssetTypeMapping.all(firstTypeId());
        PolicySettings.ChangeAlerts changes;
        try {
            changes = PolicySettings.ChangeAlerts.parse(changeAlerts);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        String instanceId;
        try {
            instanceId = instance == null || instance.isBlank() ? InstanceId.fromHost() : InstanceId.of(instance);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--instance: " + e.getMessage());
        }
        return new InferenceSettings(
                plant,
                kafka,
                jdbc,
                assetTypes,
                mapping,
                baseModels,
                bind,
                restPort,
                warmUp,
                Duration.ofMillis(200),
                changes,
                kafkaSecurity.security(),
                apiKeysFile,
                instanceId);
    }

    WriterSettings writerSettings() {
        try {
            return new WriterSettings(
                    WriterSettings.Kind.parse(writer),
                    writerModel,
                    llama3,
                    openAiUrl,
                    openAiModel,
                    openAiKeyFile,
                    writerDeadline);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String firstTypeId() throws java.io.IOException {
        String first = assetTypes.get(0);
        return java.nio.file.Files.exists(Path.of(first))
                ? io.pdm.assets.AssetTypes.load(Path.of(first)).id()
                : first;
    }

    @Override
    public Integer call() throws Exception {
        WriterSettings writers = writerSettings();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // On SIGTERM (a pod scaled away, a rollout) the hook waits for the service to close: its batch is committed
        // or aborted whole and its consumer leaves the group, so the other instances take its partitions at once
        // instead of after the session timeout. The JVM would otherwise halt as soon as the hook returned.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop.countDown();
                            try {
                                closed.await(25, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "pdm-inference-shutdown"));
        try (AlertTextPipeline texts = writers.open();
                InferenceService service = InferenceService.start(
                        settings(),
                        new StoredMaintenanceContext(
                                plant, jdbc, new LogEmbedder(), Duration.ofSeconds(30), java.time.Clock.systemUTC()),
                        texts,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            System.out.println("inference running for " + plant + " (instance " + service.instance() + "): REST on "
                    + bind + ":" + service.restPort() + ", writer "
                    + writers.kind().name().toLowerCase(java.util.Locale.ROOT));
            stop.await();
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
