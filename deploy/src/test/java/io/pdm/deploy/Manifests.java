package io.pdm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The manifests under k8s/, as sources and rendered, and their validation against the schemas. */
final class Manifests {
    static final Path K8S = Repo.root().resolve("k8s");
    /** What an admin applies: the aggregator and every overlay. */
    static final List<String> TARGETS = List.of("aggregator", "overlays/plant-a", "overlays/plant-b");

    /**
     * Kinds whose schema is not in ../shared/k8s-crds (SOURCE.md lists what is): only their metadata is checked.
     * KEDA's TriggerAuthentication holds only references to Secrets.
     */
    static final Map<String, String> WITHOUT_SCHEMA =
            Map.of("keda.sh/v1alpha1 TriggerAuthentication", "its CRD is not among the published CRDs here");

    private Manifests() {}

    /** The objects of every manifest file under k8s/ (not the kustomization files), unrendered. */
    static List<JsonNode> sources() {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted()
                    .toList()) {
                out.addAll(Yaml.documents(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** What is wrong with one object: core kinds bound strictly by fabric8, custom resources by their CRD. */
    static List<String> validate(JsonNode object, CrdSchemas crds) {
        String key = CrdSchemas.key(
                object.path("apiVersion").asText(), object.path("kind").asText());
        List<String> problems = new ArrayList<>();
        if (StrictKubernetes.isCore(object)) {
            problems.addAll(StrictKubernetes.validate(object));
        } else {
            problems.addAll(StrictKubernetes.validateMetadata(object));
            if (!WITHOUT_SCHEMA.containsKey(key)) problems.addAll(crds.validate(object));
        }
        return problems.stream()
                .map(p -> ManifestPolicy.name(object) + ": " + p)
                .toList();
    }
}
