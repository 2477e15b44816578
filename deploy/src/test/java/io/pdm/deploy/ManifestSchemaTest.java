package io.pdm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under k8s/ read strictly against its schema: core kinds through fabric8's Kubernetes model, custom
 * resources through their published CRD's openAPIV3Schema (../shared/k8s-crds). Needs no kubectl: the sources are
 * objects already (RenderedManifestsTest checks what kustomize makes of them).
 */
class ManifestSchemaTest {
    private static final CrdSchemas CRDS = CrdSchemas.load(Repo.crds());

    private static JsonNode source(String kind, String name) {
        return Manifests.sources().stream()
                .filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " under k8s/"))
                .deepCopy();
    }

    @Test
    void theCrdsOfEveryOperatorAreLoaded() {
        assertThat(CRDS.kinds())
                .contains(
                        "kafka.strimzi.io/v1 Kafka",
                        "kafka.strimzi.io/v1 KafkaNodePool",
                        "kafka.strimzi.io/v1 KafkaTopic",
                        "kafka.strimzi.io/v1 KafkaUser",
                        "flink.apache.org/v1beta1 FlinkDeployment",
                        "postgresql.cnpg.io/v1 Cluster",
                        "cert-manager.io/v1 Certificate",
                        "cert-manager.io/v1 Issuer",
                        "monitoring.coreos.com/v1 ServiceMonitor",
                        "keda.sh/v1alpha1 ScaledObject")
                // Strimzi 1.x serves only v1.
                .doesNotContain("kafka.strimzi.io/v1beta2 Kafka");
    }

    @Test
    void everySourceManifestMatchesItsSchema() {
        List<String> problems = new ArrayList<>();
        List<JsonNode> sources = Manifests.sources();
        sources.forEach(o -> problems.addAll(Manifests.validate(o, CRDS)));
        assertThat(problems).isEmpty();
        assertThat(sources).hasSizeGreaterThan(40);
    }

    @Test
    void aMisspeltFieldInACustomResourceIsRefused() {
        ObjectNode kafka = (ObjectNode) source("Kafka", "pdm-kafka");
        ObjectNode spec = (ObjectNode) kafka.path("spec").path("kafka");
        spec.set("listners", spec.remove("listeners")); // the API server would prune it silently
        assertThat(Manifests.validate(kafka, CRDS))
                .anySatisfy(p -> assertThat(p).contains("/spec/kafka").contains("listners"));

        ObjectNode job = (ObjectNode) source("FlinkDeployment", "pdm-features");
        ((ObjectNode) job.path("spec").path("job")).put("upgradMode", "savepoint");
        assertThat(Manifests.validate(job, CRDS)).anySatisfy(p -> assertThat(p).contains("upgradMode"));

        ObjectNode certificate = (ObjectNode) source("Certificate", "plant-a-client");
        ((ObjectNode) certificate.path("spec").path("keystores").path("pkcs12")).put("profile", "Modern2020");
        assertThat(Manifests.validate(certificate, CRDS))
                .anySatisfy(p -> assertThat(p).contains("profile"));
    }

    @Test
    void aMisspeltFieldInACoreObjectOrInMetadataIsRefused() {
        ObjectNode deployment = (ObjectNode) source("Deployment", "inference");
        ObjectNode container = (ObjectNode) deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
        container.set("readinesProbe", container.remove("readinessProbe"));
        assertThat(Manifests.validate(deployment, CRDS))
                .singleElement()
                .satisfies(p -> assertThat(p).contains("readinesProbe"));

        ObjectNode topic = (ObjectNode) source("KafkaTopic", "telemetry");
        ((ObjectNode) topic.path("metadata")).putObject("label").put("strimzi.io/cluster", "pdm-kafka");
        assertThat(Manifests.validate(topic, CRDS))
                .anySatisfy(p -> assertThat(p).contains("label"));
    }

    @Test
    void intOrStringAndOpenMapsAreAcceptedAsTheApiServerAcceptsThem() {
        ObjectNode deployment = (ObjectNode) source("Deployment", "inference");
        ((ObjectNode) deployment.path("spec").path("strategy").path("rollingUpdate")).put("maxUnavailable", "25%");
        assertThat(Manifests.validate(deployment, CRDS)).isEmpty();

        ObjectNode topic = (ObjectNode) source("KafkaTopic", "telemetry");
        ((ObjectNode) topic.path("spec").path("config")).put("segment.bytes", 1073741824); // config is an open map
        assertThat(Manifests.validate(topic, CRDS)).isEmpty();

        ObjectNode scaled = (ObjectNode) source("ScaledObject", "inference");
        ((ObjectNode) scaled.path("spec")).put("maxReplicaCount", "many");
        assertThat(Manifests.validate(scaled, CRDS))
                .anySatisfy(p -> assertThat(p).contains("maxReplicaCount"));
    }
}
