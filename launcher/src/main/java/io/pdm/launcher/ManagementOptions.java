package io.pdm.launcher;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pdm.schemas.Settings;
import picocli.CommandLine.Option;

/**
 * The management port of {@code pdm fl aggregator} and {@code pdm fl plant}: plain HTTP for the probes and
 * Prometheus ({@code /actuator/health/liveness|readiness}, {@code /actuator/prometheus}), one name per setting for
 * both ({@code PDM_MANAGEMENT_PORT}, {@code PDM_MANAGEMENT_BIND}).
 */
public final class ManagementOptions {
    @Option(
            names = "--management-port",
            defaultValue = "${env:PDM_MANAGEMENT_PORT}",
            description = "Plain-HTTP port of the probes and /actuator/prometheus (PDM_MANAGEMENT_PORT; 0 for a free"
                    + " one; none by default).")
    Integer port;

    @Option(
            names = "--management-bind",
            defaultValue = "${env:PDM_MANAGEMENT_BIND:-" + Settings.DEFAULT_BIND + "}",
            description = "Address the management port listens on (PDM_MANAGEMENT_BIND, default ${DEFAULT-VALUE}).")
    String bind;

    public boolean enabled() {
        return port != null && port >= 0;
    }

    public int port() {
        return port;
    }

    public String bind() {
        return bind;
    }

    /** The process's registry: the service's own meters and the JVM's. */
    public static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        return meters;
    }
}
