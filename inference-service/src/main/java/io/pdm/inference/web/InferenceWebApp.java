package io.pdm.inference.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pdm.inference.store.AlertQueries;
import io.pdm.schemas.ApiKeys;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.Jackson2EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsEndpointAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.actuate.web.ServletManagementContextAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.actuate.endpoint.web.WebMvcHealthEndpointExtensionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The inference REST API as a small Spring Boot app: the alert list, asset health, on-demand scoring and adapter
 * administration, an OpenAPI description at {@code /v3/api-docs}, liveness and readiness probes at
 * {@code /actuator/health/liveness|readiness} and the service's Micrometer meters at {@code /actuator/metrics} and, in the Prometheus text format, at
 * {@code /actuator/prometheus}. Only
 * the auto-configurations it needs are imported (no component scan): the launcher's classpath holds a JDBC driver and
 * Kafka, which full auto-configuration would try to wire.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    Jackson2AutoConfiguration.class,
    ApplicationAvailabilityAutoConfiguration.class,
    EndpointAutoConfiguration.class,
    WebEndpointAutoConfiguration.class,
    ManagementContextAutoConfiguration.class,
    ServletManagementContextAutoConfiguration.class,
    HealthContributorAutoConfiguration.class,
    HealthContributorRegistryAutoConfiguration.class,
    Jackson2EndpointAutoConfiguration.class,
    HealthEndpointAutoConfiguration.class,
    AvailabilityHealthContributorAutoConfiguration.class,
    AvailabilityProbesAutoConfiguration.class,
    WebMvcHealthEndpointExtensionAutoConfiguration.class,
    MetricsAutoConfiguration.class,
    MetricsEndpointAutoConfiguration.class,
    PrometheusMetricsExportAutoConfiguration.class,
    org.springdoc.core.properties.SpringDocConfigProperties.class,
    org.springdoc.core.configuration.SpringDocConfiguration.class,
    org.springdoc.webmvc.core.configuration.SpringDocWebMvcConfiguration.class
})
@Import({InferenceController.class, ProblemAdvice.class})
public class InferenceWebApp {

    /**
     * Starts the API; blocks until the port is bound.
     *
     * @param bindAddress e.g. 127.0.0.1 in the demo, 0.0.0.0 in a container
     * @param port        0 for a free port
     */
    public static ConfigurableApplicationContext start(
            String bindAddress, int port, AlertQueries queries, InferenceOperations operations, MeterRegistry meters) {
        return start(bindAddress, port, queries, operations, meters, null);
    }

    /** As above; with {@code keys}, the plant-scoped API needs one of the plant's API keys ({@link ApiKeyFilter}). */
    public static ConfigurableApplicationContext start(
            String bindAddress,
            int port,
            AlertQueries queries,
            InferenceOperations operations,
            MeterRegistry meters,
            ApiKeys keys) {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", port);
        props.put("server.address", bindAddress);
        props.put("server.shutdown", "immediate");
        props.put("spring.main.banner-mode", "off");
        props.put("spring.jmx.enabled", "false");
        props.put("spring.mvc.problemdetails.enabled", "true");
        // our records and JsonNode payloads are Jackson 2; Boot 4 would otherwise write them with Jackson 3
        props.put("spring.http.converters.preferred-json-mapper", "jackson2");
        props.put("server.tomcat.threads.max", "16");
        props.put("management.endpoints.web.exposure.include", "health,metrics,prometheus");
        props.put("management.endpoint.health.probes.enabled", "true");
        props.put("springdoc.api-docs.path", "/v3/api-docs");
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("pdm-inference", props));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(InferenceWebApp.class)
                .environment(env)
                .bannerMode(Banner.Mode.OFF)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("alertQueries", queries);
                    ctx.getBeanFactory().registerSingleton("inferenceOperations", operations);
                    // the service's own registry is the one every endpoint reads: primary, and when it is a
                    // Prometheus registry, /actuator/prometheus scrapes it rather than an empty one of Boot's
                    ((GenericApplicationContext) ctx)
                            .registerBean("meterRegistry", MeterRegistry.class, () -> meters, d -> d.setPrimary(true));
                    if (meters instanceof PrometheusMeterRegistry prometheus) {
                        ctx.getBeanFactory()
                                .registerSingleton("prometheusRegistry", prometheus.getPrometheusRegistry());
                    }
                    if (keys != null) {
                        FilterRegistrationBean<ApiKeyFilter> filter =
                                new FilterRegistrationBean<>(new ApiKeyFilter(keys));
                        filter.setOrder(Ordered.HIGHEST_PRECEDENCE);
                        ctx.getBeanFactory().registerSingleton("apiKeyFilter", filter);
                    }
                });
        SpringApplication app = builder.application();
        app.setListeners(app.getListeners().stream()
                .filter(l -> !(l instanceof LoggingApplicationListener))
                .toList());
        return builder.run();
    }

    public static int port(ConfigurableApplicationContext ctx) {
        return ((ServletWebServerApplicationContext) ctx).getWebServer().getPort();
    }
}
