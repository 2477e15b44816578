package io.pdm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.schemas.Topics;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The deployment's rules for rendered objects; each check returns the violations, empty when there are none. */
final class ManifestPolicy {
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|API_KEY)$");
    private static final String FLINK_MAIN = "flink-main-container";
    /** Services whose KafkaUser may name a consumer group / transactional id of its own (pdm-{service}-{plant}). */
    private static final Map<String, String> GROUP_OWNER = Map.of("keda", "inference");

    private ManifestPolicy() {}

    static String name(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }

    /** Probes, requests and limits, non-root, read-only root filesystem, no privilege escalation. */
    static List<String> containers(JsonNode o) {
        List<String> v = new ArrayList<>();
        String kind = o.path("kind").asText();
        if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
            JsonNode pod = o.path("spec").path("template").path("spec");
            for (JsonNode c : pod.path("containers")) {
                String where = name(o) + " container " + c.path("name").asText();
                probes(where, c, v);
                resources(where, c.path("resources"), v);
                security(where, pod, c, v);
            }
            if (!pod.path("initContainers").isEmpty()) v.add(name(o) + ": init containers are not checked here");
        } else if (kind.equals("FlinkDeployment")) {
            JsonNode spec = o.path("spec");
            for (String component : List.of("jobManager", "taskManager")) {
                String where = name(o) + " " + component;
                JsonNode own = mainContainer(spec.path(component).path("podTemplate"));
                JsonNode shared = mainContainer(spec.path("podTemplate"));
                probes(where, own, v);
                JsonNode resource = spec.path(component).path("resource");
                if (!resource.has("cpu") || !resource.has("memory")) v.add(where + ": resource needs cpu and memory");
                JsonNode pod =
                        spec.path(component).path("podTemplate").path("spec").has("securityContext")
                                ? spec.path(component).path("podTemplate").path("spec")
                                : spec.path("podTemplate").path("spec");
                security(where, pod, own.has("securityContext") ? own : shared, v);
            }
        }
        return v;
    }

    private static JsonNode mainContainer(JsonNode podTemplate) {
        for (JsonNode c : podTemplate.path("spec").path("containers")) {
            if (FLINK_MAIN.equals(c.path("name").asText())) return c;
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static void probes(String where, JsonNode c, List<String> v) {
        if (!c.has("readinessProbe")) v.add(where + ": no readinessProbe");
        if (!c.has("livenessProbe")) v.add(where + ": no livenessProbe");
    }

    private static void resources(String where, JsonNode r, List<String> v) {
        if (!r.path("requests").has("cpu") || !r.path("requests").has("memory")) {
            v.add(where + ": requests need cpu and memory");
        }
        // A memory limit, no CPU limit: the JVM sizes its heap from the memory limit, and a CPU limit only throttles.
        if (!r.path("limits").has("memory")) v.add(where + ": no memory limit");
    }

    private static void security(String where, JsonNode pod, JsonNode c, List<String> v) {
        JsonNode cs = c.path("securityContext"), ps = pod.path("securityContext");
        boolean nonRoot =
                cs.path("runAsNonRoot").asBoolean(ps.path("runAsNonRoot").asBoolean(false));
        long uid = cs.path("runAsUser").asLong(ps.path("runAsUser").asLong(-1));
        if (!nonRoot || uid == 0) v.add(where + ": does not run as non-root");
        if (!cs.path("readOnlyRootFilesystem").asBoolean(false)) v.add(where + ": root filesystem not read-only");
        if (cs.path("allowPrivilegeEscalation").asBoolean(true)) v.add(where + ": allows privilege escalation");
    }

    /** Every image (containers, FlinkDeployment.spec.image, CNPG's imageName) pinned by tag or digest. */
    static List<String> images(JsonNode o) {
        List<String> v = new ArrayList<>();
        walk(o, (key, value) -> {
            if ((key.equals("image") || key.equals("imageName"))
                    && value.isTextual()
                    && !Images.pinned(value.asText())) {
                v.add(name(o) + ": image " + value.asText() + " is not pinned");
            }
        });
        return v;
    }

    /** No Secret with a literal value, no secret-looking setting with a literal value. */
    static List<String> secrets(JsonNode o) {
        List<String> v = new ArrayList<>();
        if (o.path("kind").asText().equals("Secret")
                && (!o.path("data").isEmpty() || !o.path("stringData").isEmpty())) {
            v.add(name(o) + ": holds literal values (reference a Secret created by cert-manager, Strimzi, CNPG or the"
                    + " admin's documented command instead)");
        }
        if (o.path("kind").asText().equals("ConfigMap")) {
            o.path("data").fieldNames().forEachRemaining(k -> {
                if (SECRET_NAME.matcher(k).matches()) v.add(name(o) + ": " + k + " is a secret in a ConfigMap");
            });
        }
        walk(o, (key, value) -> {
            if (key.equals("env") && value.isArray()) {
                for (JsonNode e : value) {
                    if (SECRET_NAME.matcher(e.path("name").asText()).matches() && e.has("value")) {
                        v.add(name(o) + ": " + e.path("name").asText() + " has a literal value");
                    }
                }
            }
        });
        return v;
    }

    /**
     * A plant's KafkaUsers reach only pdm.{plant}.* topics (literal or prefix), only their own consumer group and
     * transactional ids (pdm-{service}-{plant}…, or the Kafka Streams application id pdm.{plant}.{service}), and
     * nothing cluster-wide.
     */
    static List<String> kafkaUser(JsonNode user, String plant) {
        List<String> v = new ArrayList<>();
        String service = user.path("metadata").path("name").asText();
        String owner = GROUP_OWNER.getOrDefault(service, service);
        if (!user.path("spec").path("authentication").has("type")) v.add(name(user) + ": no authentication");
        if (!"simple"
                .equals(user.path("spec").path("authorization").path("type").asText())) {
            v.add(name(user) + ": no ACLs (authorization type simple)");
        }
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            String type = acl.path("resource").path("type").asText();
            String resource = acl.path("resource").path("name").asText();
            String pattern = acl.path("resource").path("patternType").asText("literal");
            String where = name(user) + " " + type + " " + resource + " (" + pattern + ")";
            if (acl.path("type").asText("allow").equals("deny")) continue;
            switch (type) {
                case "topic" -> {
                    if (!resource.startsWith("pdm." + plant + ".")) v.add(where + ": outside pdm." + plant + ".*");
                }
                case "group", "transactionalId" -> {
                    // a client's own ids, pdm-{service}-{plant}[-…], or a Kafka Streams application id under the
                    // plant's topic prefix, pdm.{plant}.{service} (its group and transactional ids start with it)
                    String own = "pdm-" + owner + "-" + plant;
                    String streams = "pdm." + plant + "." + owner;
                    boolean ok = resource.equals(own) || resource.startsWith(own + "-") || resource.equals(streams);
                    if (!ok) v.add(where + ": not " + own + "[-…] or " + streams + ", the service's own");
                    if (!owner.equals(service)) {
                        acl.path("operations").forEach(op -> {
                            if (!op.asText().equals("Describe")) v.add(where + ": " + op.asText() + " on another's");
                        });
                    }
                }
                default -> v.add(where + ": " + type + " ACLs reach beyond the plant");
            }
        }
        return v;
    }

    /** Every stream of the platform has its topic, and no topic is outside the plant's. */
    static List<String> topics(List<JsonNode> objects, String plant) {
        Set<String> present = new TreeSet<>();
        List<String> v = new ArrayList<>();
        for (JsonNode o : objects) {
            if (!o.path("kind").asText().equals("KafkaTopic")) continue;
            String topic = o.path("spec").path("topicName").asText();
            present.add(topic);
            if (!topic.startsWith("pdm." + plant + ".")) v.add(name(o) + ": topic " + topic + " is not the plant's");
        }
        for (Topics.Stream s : Topics.Stream.values()) {
            if (!present.contains(s.topic(plant))) v.add("no KafkaTopic for " + s.topic(plant));
        }
        return v;
    }

    /** Calls {@code visit(key, value)} for every field of the tree. */
    static void walk(JsonNode node, java.util.function.BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                visit.accept(e.getKey(), e.getValue());
                walk(e.getValue(), visit);
            }
        } else if (node.isArray()) {
            node.forEach(n -> walk(n, visit));
        }
    }
}
