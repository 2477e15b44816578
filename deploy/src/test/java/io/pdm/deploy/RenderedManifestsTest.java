package io.pdm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an admin applies: the aggregator and each overlay rendered by kustomize, then checked object by object. */
class RenderedManifestsTest {
    private static final Map<String, List<JsonNode>> RENDERED = new LinkedHashMap<>();
    private static CrdSchemas crds;

    @BeforeAll
    static void render() {
        assumeTrue(Kustomize.unavailable() == null, Kustomize.unavailable());
        for (String target : Manifests.TARGETS) RENDERED.put(target, Kustomize.render(Manifests.K8S.resolve(target)));
        crds = CrdSchemas.load(Repo.crds());
    }

    private static List<JsonNode> all() {
        return RENDERED.values().stream().flatMap(List::stream).toList();
    }

    private static String plantOf(String overlay) {
        return RENDERED.get(overlay).stream()
                .filter(o -> o.path("kind").asText().equals("ConfigMap")
                        && o.path("metadata").path("name").asText().equals("plant-id"))
                .findFirst()
                .orElseThrow()
                .path("data")
                .path("plant")
                .asText();
    }

    @Test
    void everyRenderedObjectMatchesItsSchema() {
        List<String> problems = new ArrayList<>();
        all().forEach(o -> problems.addAll(Manifests.validate(o, crds)));
        assertThat(problems).isEmpty();
        assertThat(all())
                .filteredOn(o -> o.path("apiVersion").asText().startsWith("kafka.strimzi.io/"))
                .allSatisfy(o -> assertThat(o.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1"));
    }

    @Test
    void everyContainerHasProbesResourcesAndRunsNonRootOnAReadOnlyRoot() {
        List<String> problems = new ArrayList<>();
        all().forEach(o -> problems.addAll(ManifestPolicy.containers(o)));
        assertThat(problems).isEmpty();
        assertThat(RENDERED.get("overlays/plant-a"))
                .extracting(o -> o.path("kind").asText())
                .contains("Deployment", "FlinkDeployment");
    }

    @Test
    void everyImageIsPinnedAndNoSecretIsLiteral() {
        List<String> problems = new ArrayList<>();
        all().forEach(o -> {
            problems.addAll(ManifestPolicy.images(o));
            problems.addAll(ManifestPolicy.secrets(o));
        });
        assertThat(problems).isEmpty();
        assertThat(all()).noneMatch(o -> o.path("kind").asText().equals("Secret"));
    }

    @Test
    void eachPlantsKafkaUsersReachOnlyItsOwnTopicsGroupsAndTransactions() {
        for (String overlay : List.of("overlays/plant-a", "overlays/plant-b")) {
            String plant = plantOf(overlay);
            List<String> problems = new ArrayList<>();
            List<JsonNode> users = RENDERED.get(overlay).stream()
                    .filter(o -> o.path("kind").asText().equals("KafkaUser"))
                    .toList();
            users.forEach(u -> problems.addAll(ManifestPolicy.kafkaUser(u, plant)));
            assertThat(problems).as(overlay).isEmpty();
            assertThat(users)
                    .extracting(u -> u.path("metadata").path("name").asText())
                    .contains("ingest", "features", "inference", "alerting", "plant-trainer");
        }
    }

    @Test
    void eachPlantHasATopicForEveryStreamAndNoPlaceholderLeft() {
        Pattern placeholder = Pattern.compile("\\bPLANT\\b");
        for (String overlay : List.of("overlays/plant-a", "overlays/plant-b")) {
            String plant = plantOf(overlay);
            assertThat(ManifestPolicy.topics(RENDERED.get(overlay), plant))
                    .as(overlay)
                    .isEmpty();
            List<String> left = new ArrayList<>();
            RENDERED.get(overlay)
                    .forEach(o -> ManifestPolicy.walk(o, (k, v) -> {
                        if (v.isTextual() && placeholder.matcher(v.asText()).find())
                            left.add(ManifestPolicy.name(o) + " " + k);
                    }));
            assertThat(left)
                    .as("%s: the placeholder PLANT is replaced everywhere", overlay)
                    .isEmpty();
        }
    }

    /**
     * Inference scales past one pod only if the pods can run side by side: a per-pod transactional id (the pod name,
     * allowed by the KafkaUser's prefix ACL), model updates readable without a group, no more pods than features
     * partitions, and a disruption budget over the same pods.
     */
    @Test
    void inferenceScalesWithinTheFeaturePartitionsWithAPerPodTransactionalId() {
        for (String overlay : List.of("overlays/plant-a", "overlays/plant-b")) {
            String plant = plantOf(overlay);
            List<JsonNode> objects = RENDERED.get(overlay);
            JsonNode scaled = object(objects, "ScaledObject", "inference");
            int features = object(objects, "KafkaTopic", "features")
                    .path("spec")
                    .path("partitions")
                    .asInt();
            assertThat(scaled.path("spec").path("maxReplicaCount").asInt())
                    .as(overlay)
                    .isGreaterThan(1)
                    .isLessThanOrEqualTo(features);
            JsonNode deployment = object(objects, "Deployment", "inference");
            assertThat(deployment.path("spec").has("replicas"))
                    .as("%s: the autoscaler owns the replica count", overlay)
                    .isFalse();
            JsonNode instance = null;
            for (JsonNode env : deployment
                    .path("spec")
                    .path("template")
                    .path("spec")
                    .path("containers")
                    .path(0)
                    .path("env")) {
                if (env.path("name").asText().equals("PDM_INFERENCE_INSTANCE")) instance = env;
            }
            assertThat(instance).as("%s: PDM_INFERENCE_INSTANCE", overlay).isNotNull();
            assertThat(instance.path("valueFrom")
                            .path("fieldRef")
                            .path("fieldPath")
                            .asText())
                    .isEqualTo("metadata.name");
            JsonNode pdb = object(objects, "PodDisruptionBudget", "inference");
            assertThat(pdb.path("spec").path("selector").path("matchLabels"))
                    .isEqualTo(deployment.path("spec").path("selector").path("matchLabels"));
            List<String> acls = new ArrayList<>();
            for (JsonNode acl : object(objects, "KafkaUser", "inference")
                    .path("spec")
                    .path("authorization")
                    .path("acls")) {
                JsonNode r = acl.path("resource");
                acls.add(r.path("type").asText() + " " + r.path("name").asText() + " "
                        + r.path("patternType").asText() + " " + acl.path("operations"));
            }
            assertThat(acls)
                    .as(overlay)
                    .contains(
                            "transactionalId pdm-inference-" + plant + "- prefix [\"Write\",\"Describe\"]",
                            "topic pdm." + plant + ".model-updates.v1 literal [\"Read\",\"Describe\"]");
        }
    }

    private static JsonNode object(List<JsonNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    }

    @Test
    void theFeatureJobRunsInApplicationModeAndUpgradesThroughASavepoint() {
        for (String overlay : List.of("overlays/plant-a", "overlays/plant-b")) {
            JsonNode job = RENDERED.get(overlay).stream()
                    .filter(o -> o.path("kind").asText().equals("FlinkDeployment"))
                    .findFirst()
                    .orElseThrow();
            assertThat(job.path("spec").path("mode").asText("native")).isEqualTo("native");
            assertThat(job.path("spec").path("job").path("jarURI").asText())
                    .isEqualTo("local:///opt/flink/usrlib/pdm-feature-job.jar");
            assertThat(job.path("spec").path("job").path("entryClass").asText())
                    .isEqualTo("io.pdm.features.FeatureJob");
            assertThat(job.path("spec").path("job").path("upgradeMode").asText())
                    .isEqualTo("savepoint");
            assertThat(job.path("spec")
                            .path("flinkConfiguration")
                            .path("execution.checkpointing.dir")
                            .asText())
                    .isNotBlank();
            assertThat(job.path("spec")
                            .path("flinkConfiguration")
                            .path("execution.checkpointing.savepoint-dir")
                            .asText())
                    .isNotBlank();
        }
    }

    @Test
    void everyNamespaceDeniesByDefault() {
        for (String target : Manifests.TARGETS) {
            assertThat(RENDERED.get(target)).as(target).anySatisfy(o -> {
                assertThat(o.path("kind").asText()).isEqualTo("NetworkPolicy");
                assertThat(o.path("spec").path("podSelector").isEmpty()).isTrue();
                assertThat(o.path("spec").path("policyTypes").toString()).contains("Ingress", "Egress");
                assertThat(o.path("spec").has("ingress") || o.path("spec").has("egress"))
                        .isFalse();
            });
        }
    }

    @Test
    void thePlantOverlaysDifferOnlyInPlantIdSizesAndBroker() {
        String a = plantOf("overlays/plant-a"), b = plantOf("overlays/plant-b");
        Map<String, JsonNode> left = byName(RENDERED.get("overlays/plant-a"), a);
        Map<String, JsonNode> right = byName(RENDERED.get("overlays/plant-b"), b);
        assertThat(right.keySet()).isEqualTo(left.keySet());
        TreeSet<String> differences = new TreeSet<>();
        left.forEach((k, v) -> diff(k, v, right.get(k), differences));
        assertThat(differences)
                .allMatch(d -> d.endsWith("/spec/storage/volumes/0/size")
                        || d.endsWith("/spec/storage/size")
                        || d.endsWith("/spec/job/parallelism"));
    }

    /** Objects by kind/name, with the plant id replaced by a neutral token so two plants compare equal. */
    private static Map<String, JsonNode> byName(List<JsonNode> objects, String plant) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode o : objects) {
            try {
                JsonNode neutral =
                        Yaml.JSON.readTree(Yaml.JSON.writeValueAsString(o).replace(plant, "<plant>"));
                out.put(ManifestPolicy.name(neutral), neutral);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }

    private static void diff(String at, JsonNode x, JsonNode y, TreeSet<String> out) {
        if (x.isObject() && y != null && y.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            x.fieldNames().forEachRemaining(keys::add);
            y.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                JsonNode xv = x.get(k), yv = y.get(k);
                if (xv == null || yv == null) out.add(at + "/" + k);
                else diff(at + "/" + k, xv, yv, out);
            }
        } else if (x.isArray() && y != null && y.isArray() && x.size() == y.size()) {
            for (int i = 0; i < x.size(); i++) diff(at + "/" + i, x.get(i), y.get(i), out);
        } else if (!x.equals(y)) {
            out.add(at);
        }
    }
}
