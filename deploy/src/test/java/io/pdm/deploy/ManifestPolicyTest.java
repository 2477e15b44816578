package io.pdm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The policy checks catch what they are for (on the sources, so no kubectl is needed). */
class ManifestPolicyTest {

    private static ObjectNode source(String kind, String name) {
        return (ObjectNode) Manifests.sources().stream()
                .filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow()
                .deepCopy();
    }

    private static ObjectNode withPlant(ObjectNode user, String plant) throws Exception {
        return (ObjectNode)
                Yaml.JSON.readTree(Yaml.JSON.writeValueAsString(user).replace("PLANT", plant));
    }

    @Test
    void theSourcesPassTheContainerImageAndSecretRules() {
        for (JsonNode o : Manifests.sources()) {
            assertThat(ManifestPolicy.containers(o)).as(ManifestPolicy.name(o)).isEmpty();
            assertThat(ManifestPolicy.images(o)).as(ManifestPolicy.name(o)).isEmpty();
            assertThat(ManifestPolicy.secrets(o)).as(ManifestPolicy.name(o)).isEmpty();
        }
    }

    @Test
    void aContainerWithoutProbesLimitsOrWithAWritableRootIsReported() {
        ObjectNode d = source("StatefulSet", "ingest");
        ObjectNode c = (ObjectNode)
                d.path("spec").path("template").path("spec").path("containers").get(0);
        c.remove("livenessProbe");
        ((ObjectNode) c.path("resources")).remove("limits");
        ((ObjectNode) c.path("securityContext")).put("readOnlyRootFilesystem", false);
        c.put("image", "registry.example.com/pdm/pdm:latest");
        assertThat(ManifestPolicy.containers(d))
                .containsExactlyInAnyOrder(
                        "StatefulSet/ingest container ingest: no livenessProbe",
                        "StatefulSet/ingest container ingest: no memory limit",
                        "StatefulSet/ingest container ingest: root filesystem not read-only");
        assertThat(ManifestPolicy.images(d))
                .containsExactly("StatefulSet/ingest: image registry.example.com/pdm/pdm:latest is not pinned");

        ObjectNode job = source("FlinkDeployment", "pdm-features");
        ((ObjectNode) job.path("spec").path("taskManager")).remove("podTemplate");
        assertThat(ManifestPolicy.containers(job))
                .contains("FlinkDeployment/pdm-features taskManager: no readinessProbe");
    }

    @Test
    void aLiteralSecretIsReported() {
        ObjectNode secret = Yaml.JSON.createObjectNode();
        secret.put("apiVersion", "v1")
                .put("kind", "Secret")
                .putObject("metadata")
                .put("name", "db");
        secret.putObject("stringData").put("password", "hunter2");
        assertThat(ManifestPolicy.secrets(secret)).hasSize(1);

        ObjectNode d = source("Deployment", "plant-trainer");
        ArrayNode env = (ArrayNode) d.path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0)
                .path("env");
        env.addObject().put("name", "PDM_FL_PASSWORD").put("value", "changeit");
        assertThat(ManifestPolicy.secrets(d))
                .containsExactly("Deployment/plant-trainer: PDM_FL_PASSWORD has a literal value");
    }

    @Test
    void aKafkaUserReachingAnotherPlantOrAllTopicsIsReported() throws Exception {
        ObjectNode inference = withPlant(source("KafkaUser", "inference"), "plant-a");
        assertThat(ManifestPolicy.kafkaUser(inference, "plant-a")).isEmpty();
        assertThat(ManifestPolicy.kafkaUser(inference, "plant-b")).hasSize(6);

        ArrayNode acls =
                (ArrayNode) inference.path("spec").path("authorization").path("acls");
        acls.addObject()
                .set(
                        "resource",
                        Yaml.JSON
                                .createObjectNode()
                                .put("type", "topic")
                                .put("name", "pdm.")
                                .put("patternType", "prefix"));
        acls.addObject()
                .set(
                        "resource",
                        Yaml.JSON.createObjectNode().put("type", "group").put("name", "pdm-features-plant-a"));
        acls.addObject()
                .set(
                        "resource",
                        Yaml.JSON.createObjectNode().put("type", "cluster").put("name", "kafka-cluster"));
        assertThat(ManifestPolicy.kafkaUser(inference, "plant-a"))
                .containsExactly(
                        "KafkaUser/inference topic pdm. (prefix): outside pdm.plant-a.*",
                        "KafkaUser/inference group pdm-features-plant-a (literal): not pdm-inference-plant-a[-…] or pdm.plant-a.inference, the service's own",
                        "KafkaUser/inference cluster kafka-cluster (literal): cluster ACLs reach beyond the plant");

        ObjectNode keda = withPlant(source("KafkaUser", "keda"), "plant-a");
        assertThat(ManifestPolicy.kafkaUser(keda, "plant-a")).isEmpty();
        ((ArrayNode) keda.path("spec").path("authorization").path("acls").get(1).path("operations")).add("Read");
        assertThat(ManifestPolicy.kafkaUser(keda, "plant-a"))
                .containsExactly("KafkaUser/keda group pdm-inference-plant-a (literal): Read on another's");
    }

    @Test
    void aMissingStreamTopicIsReported() throws Exception {
        List<JsonNode> topics = Manifests.sources().stream()
                .filter(o -> o.path("kind").asText().equals("KafkaTopic"))
                .filter(o -> !o.path("metadata").path("name").asText().equals("dlq"))
                .map(o -> {
                    try {
                        return (JsonNode) withPlant((ObjectNode) o, "plant-a");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        assertThat(ManifestPolicy.topics(topics, "plant-a")).containsExactly("no KafkaTopic for pdm.plant-a.dlq.v1");
    }

    @Test
    void everyPdmSettingTheWorkloadsSetIsOneTheirCommandReads() {
        List<JsonNode> sources = Manifests.sources();
        assertThat(ManifestSettings.check(sources)).isEmpty();
        assertThat(ManifestSettings.workloads(source("Deployment", "plant-trainer")))
                .singleElement()
                .satisfies(w -> assertThat(w.what()).isEqualTo("pdm fl plant"));

        ObjectNode inference = source("Deployment", "inference");
        ((ArrayNode) inference
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .get(0)
                        .path("env"))
                .addObject()
                .put("name", "PDM_INFERENCE_JDBC")
                .put("value", "x");
        assertThat(ManifestSettings.check(List.of(inference)))
                .containsExactly(
                        "Deployment/inference container inference: PDM_INFERENCE_JDBC is not read by pdm inference");

        ObjectNode config = source("ConfigMap", "pdm-plant");
        ((ObjectNode) config.path("data")).put("PDM_FEATURES_WINDOW", "kafka:9093");
        List<JsonNode> withTypo = new java.util.ArrayList<>(sources);
        withTypo.removeIf(o -> ManifestPolicy.name(o).equals("ConfigMap/pdm-plant"));
        withTypo.add(config);
        assertThat(ManifestSettings.check(withTypo))
                .containsExactly(
                        "ConfigMap/pdm-plant: PDM_FEATURES_WINDOW is read by none of the workloads that load it");
    }
}
