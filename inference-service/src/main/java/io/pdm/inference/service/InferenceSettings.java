package io.pdm.inference.service;

import io.pdm.assets.AssetTypeMapping;
import io.pdm.inference.policy.PolicySettings;
import io.pdm.schemas.KafkaSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one plant's inference service is configured with; the launcher's {@code pdm inference} fills it from
 * options and {@code PDM_*} variables (docs/configuration.md).
 *
 * @param assetTypes    built-in type ids or type files (.json/.yaml)
 * @param mapping       which asset is which type
 * @param baseModels    asset type id → base model directory, for the types with a remaining-life model
 * @param bindAddress   where the REST API listens (loopback in the demo)
 * @param restPort      0 for a free port
 * @param warmUpRecords feature vectors per partition replayed on start to rebuild state
 * @param changeAlerts  when a baseline change raises an alert of its own (PDM_INFERENCE_CHANGE_ALERTS)
 * @param kafkaSecurity how the service's Kafka clients connect ({@code PDM_KAFKA_SECURITY_PROTOCOL}, …)
 * @param apiKeys       API keys file of the plant-scoped REST API ({@link io.pdm.schemas.ApiKeys}), or null for none
 *                      (the demo, on loopback)
 * @param instance      this instance's id among the plant's instances ({@link InstanceId}; PDM_INFERENCE_INSTANCE,
 *                      default the host name): part of the Kafka transactional id, the logs and the meters
 */
public record InferenceSettings(
        String plant,
        String kafka,
        String jdbc,
        List<String> assetTypes,
        AssetTypeMapping mapping,
        Map<String, Path> baseModels,
        String bindAddress,
        int restPort,
        int warmUpRecords,
        Duration pollTimeout,
        PolicySettings.ChangeAlerts changeAlerts,
        KafkaSecurity kafkaSecurity,
        Path apiKeys,
        String instance) {

    /** The default change-alerts mode, PLAINTEXT Kafka, no API keys, the host name as the instance id. */
    public InferenceSettings(
            String plant,
            String kafka,
            String jdbc,
            List<String> assetTypes,
            AssetTypeMapping mapping,
            Map<String, Path> baseModels,
            String bindAddress,
            int restPort,
            int warmUpRecords,
            Duration pollTimeout) {
        this(
                plant,
                kafka,
                jdbc,
                assetTypes,
                mapping,
                baseModels,
                bindAddress,
                restPort,
                warmUpRecords,
                pollTimeout,
                PolicySettings.DEFAULT.changeAlerts(),
                KafkaSecurity.PLAINTEXT,
                null,
                InstanceId.fromHost());
    }

    /** The same settings for another instance of the plant's service (tests run several in one JVM). */
    public InferenceSettings withInstance(String instance) {
        return new InferenceSettings(
                plant,
                kafka,
                jdbc,
                assetTypes,
                mapping,
                baseModels,
                bindAddress,
                restPort,
                warmUpRecords,
                pollTimeout,
                changeAlerts,
                kafkaSecurity,
                apiKeys,
                instance);
    }

    public InferenceSettings {
        Objects.requireNonNull(kafkaSecurity, "kafkaSecurity");
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(jdbc, "jdbc");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(changeAlerts, "changeAlerts");
        instance = InstanceId.of(instance);
        assetTypes = List.copyOf(assetTypes);
        baseModels = Map.copyOf(baseModels);
        if (assetTypes.isEmpty()) throw new IllegalArgumentException("at least one asset type is needed");
        if (warmUpRecords < 0) throw new IllegalArgumentException("warmUpRecords must be >= 0");
    }
}
