package io.pdm.federated.aggregator;

/**
 * The aggregator's plain-HTTP management port, apart from its main port (which takes only plants with a client
 * certificate): liveness and readiness at {@code /actuator/health/liveness|readiness} and the meters at
 * {@code /actuator/prometheus}, for the kubelet and Prometheus, which hold no plant certificate. Bind it where only
 * they reach it (Kubernetes: a NetworkPolicy admits the monitoring namespace; Compose: no published port).
 *
 * @param bind the address it listens on, e.g. {@code 0.0.0.0} in a pod or {@code 127.0.0.1}
 * @param port its port; 0 for a free one
 */
public record ManagementPort(String bind, int port) {
    public ManagementPort {
        if (bind == null || bind.isBlank()) throw new IllegalArgumentException("the management port needs an address");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("management port out of range: " + port);
    }
}
