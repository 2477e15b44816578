package io.pdm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Prometheus and plant engineers reach, read from the rendered aggregator and overlays: every pdm service is
 * scraped at /actuator/prometheus through a ServiceMonitor, a Service and a port the NetworkPolicies open; the
 * aggregator's plain-HTTP management port is open to the monitoring namespace only; the inbox runs with its users from
 * a Secret behind a Service.
 */
class MonitoringManifestsTest {
    static final String MONITORING = "monitoring";
    private static final Map<String, List<JsonNode>> RENDERED = new LinkedHashMap<>();

    @BeforeAll
    static void render() {
        assumeTrue(Kustomize.unavailable() == null, Kustomize.unavailable());
        for (String target : Manifests.TARGETS) RENDERED.put(target, Kustomize.render(Manifests.K8S.resolve(target)));
    }

    @Test
    void everyPdmServiceIsScrapedThroughAServiceMonitorOnAPortItsPoliciesOpen() {
        List<String> problems = new ArrayList<>();
        RENDERED.forEach((target, objects) -> {
            List<String> services = target.equals("aggregator")
                    ? List.of("aggregator")
                    : List.of("ingest", "inference", "alerting", "plant-trainer");
            for (String app : services) scrape(target, objects, app).ifPresent(problems::add);
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theAggregatorsManagementPortIsOpenToTheMonitoringNamespaceOnly() {
        List<JsonNode> aggregator = RENDERED.get("aggregator");
        JsonNode container = podSpec(workload(aggregator, "aggregator").orElseThrow())
                .path("containers")
                .get(0);
        assertThat(env(container, "PDM_MANAGEMENT_PORT")).isEqualTo("8081");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText())
                .isEqualTo("management");
        List<JsonNode> rules = ingressRules(aggregator, "aggregator", 8081);
        assertThat(rules)
                .isNotEmpty()
                .allSatisfy(rule -> assertThat(rule.path("from"))
                        .isNotEmpty()
                        .allSatisfy(peer -> assertThat(peer.path("namespaceSelector")
                                        .path("matchLabels")
                                        .path("kubernetes.io/metadata.name")
                                        .asText())
                                .isEqualTo(MONITORING)));
    }

    @Test
    void theInboxRunsWithItsUsersFromASecretBehindAService() {
        for (String overlay : List.of("overlays/plant-a", "overlays/plant-b")) {
            List<JsonNode> objects = RENDERED.get(overlay);
            JsonNode pod = podSpec(workload(objects, "alerting").orElseThrow());
            JsonNode container = pod.path("containers").get(0);
            String users = env(container, "PDM_ALERTING_INBOX_USERS");
            assertThat(users).isEqualTo("/etc/pdm/inbox/users");
            String volume = null;
            for (JsonNode m : container.path("volumeMounts")) {
                if (users.startsWith(m.path("mountPath").asText() + "/"))
                    volume = m.path("name").asText();
            }
            assertThat(volume).as("%s: the users file is mounted", overlay).isNotNull();
            for (JsonNode v : pod.path("volumes")) {
                if (v.path("name").asText().equals(volume)) {
                    assertThat(v.path("secret").path("secretName").asText()).isEqualTo("pdm-inbox-users");
                }
            }
            assertThat(service(objects, "alerting", "http"))
                    .as("%s: a Service for the inbox", overlay)
                    .isPresent();
            assertThat(ingressRules(objects, "alerting", 8080)).isNotEmpty();
        }
    }

    /** A problem with {@code app}'s scrape, or empty when Prometheus can reach it. */
    private static Optional<String> scrape(String target, List<JsonNode> objects, String app) {
        String at = target + " " + app + ": ";
        Optional<JsonNode> monitor = objects.stream()
                .filter(kind("ServiceMonitor"))
                .filter(o -> o.path("spec")
                        .path("selector")
                        .path("matchLabels")
                        .path("app.kubernetes.io/name")
                        .asText()
                        .equals(app))
                .findFirst();
        if (monitor.isEmpty()) return Optional.of(at + "no ServiceMonitor");
        JsonNode endpoint = monitor.get().path("spec").path("endpoints").get(0);
        if (!endpoint.path("path").asText().equals("/actuator/prometheus"))
            return Optional.of(at + "scraped at " + endpoint.path("path").asText());
        String portName = endpoint.path("port").asText();
        JsonNode labels = monitor.get().path("spec").path("selector").path("matchLabels");
        Optional<JsonNode> service = objects.stream()
                .filter(kind("Service"))
                .filter(s -> matches(labels, s.path("metadata").path("labels")))
                .filter(s -> port(s, portName).isPresent())
                .findFirst();
        if (service.isEmpty()) return Optional.of(at + "no Service with port " + portName + " matches the monitor");
        Optional<JsonNode> workload = workload(objects, app);
        if (workload.isEmpty()) return Optional.of(at + "no workload");
        JsonNode svcPort = port(service.get(), portName).orElseThrow();
        int containerPort = containerPort(podSpec(workload.get()), svcPort.path("targetPort"));
        if (containerPort < 0) return Optional.of(at + "the Service's target port is no container port");
        boolean open = ingressRules(objects, app, containerPort).stream()
                .anyMatch(
                        r -> !r.has("from") || r.path("from").isEmpty() || allowsNamespace(r.path("from"), MONITORING));
        return open ? Optional.empty() : Optional.of(at + "no NetworkPolicy lets Prometheus reach " + containerPort);
    }

    private static boolean allowsNamespace(JsonNode from, String namespace) {
        for (JsonNode peer : from) {
            if (peer.path("namespaceSelector")
                            .path("matchLabels")
                            .path("kubernetes.io/metadata.name")
                            .asText()
                            .equals(namespace)
                    && !peer.has("podSelector")) return true;
        }
        return false;
    }

    /** The ingress rules of the policies selecting {@code app}'s pods that open {@code port}. */
    private static List<JsonNode> ingressRules(List<JsonNode> objects, String app, int port) {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode p : objects.stream().filter(kind("NetworkPolicy")).toList()) {
            JsonNode selector = p.path("spec").path("podSelector");
            if (!selects(selector, app)) continue;
            for (JsonNode rule : p.path("spec").path("ingress")) {
                for (JsonNode ports : rule.path("ports")) {
                    if (ports.path("port").asInt() == port) rules.add(rule);
                }
            }
        }
        return rules;
    }

    private static boolean selects(JsonNode selector, String app) {
        if (selector.path("matchLabels").path("app.kubernetes.io/name").asText().equals(app)) return true;
        for (JsonNode e : selector.path("matchExpressions")) {
            if (e.path("key").asText().equals("app.kubernetes.io/name")
                    && e.path("operator").asText().equals("In")) {
                for (JsonNode v : e.path("values")) if (v.asText().equals(app)) return true;
            }
        }
        return false;
    }

    private static int containerPort(JsonNode pod, JsonNode target) {
        for (JsonNode c : pod.path("containers")) {
            for (JsonNode p : c.path("ports")) {
                if (target.isInt() && p.path("containerPort").asInt() == target.asInt()) return target.asInt();
                if (target.isTextual() && p.path("name").asText().equals(target.asText()))
                    return p.path("containerPort").asInt();
            }
        }
        return -1;
    }

    private static Optional<JsonNode> port(JsonNode service, String name) {
        for (JsonNode p : service.path("spec").path("ports"))
            if (p.path("name").asText().equals(name)) return Optional.of(p);
        return Optional.empty();
    }

    private static Optional<JsonNode> service(List<JsonNode> objects, String app, String portName) {
        return objects.stream()
                .filter(kind("Service"))
                .filter(s -> s.path("spec")
                        .path("selector")
                        .path("app.kubernetes.io/name")
                        .asText()
                        .equals(app))
                .filter(s -> port(s, portName).isPresent())
                .findFirst();
    }

    private static boolean matches(JsonNode wanted, JsonNode labels) {
        var it = wanted.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) return false;
        }
        return true;
    }

    private static Optional<JsonNode> workload(List<JsonNode> objects, String app) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals("Deployment")
                        || o.path("kind").asText().equals("StatefulSet"))
                .filter(o -> o.path("metadata").path("name").asText().equals(app))
                .findFirst();
    }

    private static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env"))
            if (e.path("name").asText().equals(name)) return e.path("value").asText();
        return null;
    }

    private static Predicate<JsonNode> kind(String kind) {
        return o -> o.path("kind").asText().equals(kind);
    }
}
