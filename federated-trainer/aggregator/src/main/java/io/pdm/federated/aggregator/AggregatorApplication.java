package io.pdm.federated.aggregator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the cross-plant aggregator: Spring Boot, embedded Tomcat, HTTPS with mandatory client certificates. */
public final class AggregatorApplication {

    private static final String SSL_BUNDLE = "fl-aggregator";

    private AggregatorApplication() {}

    public static AggregatorHandle start(AggregatorSettings settings) {
        return start(settings, new SimpleMeterRegistry());
    }

    public static AggregatorHandle start(AggregatorSettings settings, MeterRegistry registry) {
        return start(settings, registry, null);
    }

    /**
     * As {@link #start(AggregatorSettings, MeterRegistry)}, with a plain-HTTP management port for probes and
     * Prometheus (null: none, the actuator is served nowhere). Give a {@link PrometheusMeterRegistry} to have its
     * meters scraped there.
     */
    public static AggregatorHandle start(
            AggregatorSettings settings, MeterRegistry registry, ManagementPort management) {
        Map<String, Object> properties = new HashMap<>(settings.tls().bundleProperties(SSL_BUNDLE));
        properties.put("server.port", settings.port());
        properties.put("server.ssl.bundle", SSL_BUNDLE);
        properties.put("server.ssl.client-auth", "need");
        properties.put("spring.mvc.problemdetails.enabled", true);
        properties.put("spring.http.converters.preferred-json-mapper", "jackson2"); // our JSON is Jackson 2
        properties.put("spring.jmx.enabled", false);
        properties.put("server.shutdown", "immediate");
        // Spring Boot's own management server: a child context on its own Tomcat, without the main port's TLS and
        // client certificates; -1 serves the actuator nowhere (never on the mTLS port)
        properties.put("management.server.port", management == null ? -1 : management.port());
        if (management != null) properties.put("management.server.address", management.bind());
        properties.put("management.server.ssl.enabled", false);
        properties.put("management.endpoints.web.exposure.include", "health,prometheus");
        properties.put("management.endpoint.health.probes.enabled", true);
        AtomicInteger managementPort = new AtomicInteger(-1);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AggregatorConfiguration.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(
                        false) // the handle's owner closes it; several aggregators may share a JVM in tests
                .properties(properties)
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("aggregatorSettings", settings);
                    ctx.getBeanFactory().registerSingleton("meterRegistry", registry);
                    if (registry instanceof PrometheusMeterRegistry prometheus) {
                        // the scrape reads this registry, not a second, empty one of Boot's
                        ctx.getBeanFactory()
                                .registerSingleton("prometheusRegistry", prometheus.getPrometheusRegistry());
                    }
                })
                // the management server starts in a child context; its event reaches the parent's listeners
                .listeners(event -> {
                    if (event instanceof WebServerInitializedEvent started
                            && "management"
                                    .equals(started.getApplicationContext().getServerNamespace())) {
                        managementPort.set(started.getWebServer().getPort());
                    }
                })
                .run();
        return new AggregatorHandle(context, registry, managementPort.get());
    }
}
