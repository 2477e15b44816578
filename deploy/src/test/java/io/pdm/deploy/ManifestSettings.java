package io.pdm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The PDM_* settings the Kubernetes workloads set, against what their commands read (as {@link Compose} checks the
 * Compose file): a container's own env must be read by its command; a key of a ConfigMap the containers share must be
 * read by at least one of the containers that load it.
 */
final class ManifestSettings {
    private ManifestSettings() {}

    static List<String> check(List<JsonNode> objects) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> configMapReaders = new HashMap<>(); // ConfigMap -> what its loaders read
        Map<String, Set<String>> configMapKeys = new HashMap<>();
        for (JsonNode o : objects) {
            if (o.path("kind").asText().equals("ConfigMap")) {
                Set<String> keys = new TreeSet<>();
                o.path("data").fieldNames().forEachRemaining(keys::add);
                configMapKeys.put(o.path("metadata").path("name").asText(), keys);
            }
        }
        for (JsonNode o : objects) {
            for (Workload w : workloads(o)) {
                Optional<Set<String>> reads = w.reads();
                if (reads.isEmpty()) continue; // an assumed command, checked once it exists
                for (JsonNode e : w.container().path("env")) {
                    String name = e.path("name").asText();
                    if (name.startsWith("PDM_") && !reads.get().contains(name)) {
                        problems.add(w.where() + ": " + name + " is not read by " + w.what());
                    }
                }
                for (JsonNode from : w.container().path("envFrom")) {
                    String cm = from.path("configMapRef").path("name").asText(null);
                    if (cm != null)
                        configMapReaders
                                .computeIfAbsent(cm, k -> new HashSet<>())
                                .addAll(reads.get());
                }
            }
        }
        configMapReaders.forEach((cm, reads) -> configMapKeys.getOrDefault(cm, Set.of()).stream()
                .filter(k -> k.startsWith("PDM_") && !reads.contains(k))
                .forEach(k ->
                        problems.add("ConfigMap/" + cm + ": " + k + " is read by none of the workloads that load it")));
        return problems;
    }

    /** One container and the command it runs. */
    record Workload(String where, JsonNode container, String what, Optional<Set<String>> reads) {}

    static List<Workload> workloads(JsonNode o) {
        List<Workload> out = new ArrayList<>();
        String kind = o.path("kind").asText();
        if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
            for (JsonNode c : o.path("spec").path("template").path("spec").path("containers")) {
                List<String> args = Compose.strings(c.path("args"));
                Optional<CommandSpec> spec = CommandSettings.subcommand(args);
                String where =
                        ManifestPolicy.name(o) + " container " + c.path("name").asText();
                if (spec.isEmpty()) {
                    out.add(new Workload(where, c, "pdm " + args, Optional.of(Set.of())));
                } else {
                    out.add(new Workload(
                            where,
                            c,
                            spec.get().qualifiedName(" "),
                            Optional.of(CommandSettings.environmentOf(spec.get()))));
                }
            }
        } else if (kind.equals("FlinkDeployment")) {
            for (JsonNode c : o.path("spec").path("podTemplate").path("spec").path("containers")) {
                out.add(new Workload(
                        ManifestPolicy.name(o) + " container " + c.path("name").asText(),
                        c,
                        "io.pdm.features.FeatureJob",
                        Optional.of(CommandSettings.featureJobEnvironment())));
            }
        }
        return out;
    }
}
