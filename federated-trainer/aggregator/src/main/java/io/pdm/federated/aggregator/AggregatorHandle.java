package io.pdm.federated.aggregator;

import io.micrometer.core.instrument.MeterRegistry;
import io.pdm.federated.aggregator.round.RoundCoordinator;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A running aggregator: its HTTPS port, its counters and its round state machine; close() stops it. */
public final class AggregatorHandle implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final MeterRegistry registry;
    private final int managementPort;

    AggregatorHandle(ConfigurableApplicationContext context, MeterRegistry registry, int managementPort) {
        this.context = context;
        this.registry = registry;
        this.managementPort = managementPort;
    }

    /** The plain-HTTP management port (probes, Prometheus), or -1 without one. */
    public int managementPort() {
        return managementPort;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public MeterRegistry meterRegistry() {
        return registry;
    }

    public RoundCoordinator coordinator() {
        return context.getBean(RoundCoordinator.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
