package io.pdm.ingest.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pdm.ingest.CsvImporter;
import io.pdm.ingest.IngestConfig;
import io.pdm.ingest.IngestMetrics;
import io.pdm.ingest.MaintenanceIntake;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.actuate.web.ServletManagementContextAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The REST intake as a small Spring Boot web app. Only the auto-configurations it needs are
 * imported (no component scan, no {@code @EnableAutoConfiguration}), Boot's logging system is left
 * out so the host's logback setup stays as it is, and our properties take precedence over any
 * {@code application.properties} on the launcher's classpath.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    EndpointAutoConfiguration.class,
    WebEndpointAutoConfiguration.class,
    ManagementContextAutoConfiguration.class,
    ServletManagementContextAutoConfiguration.class,
    Jackson2EndpointAutoConfiguration.class,
    MetricsAutoConfiguration.class,
    PrometheusMetricsExportAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    Jackson2AutoConfiguration.class
})
@Import({MaintenanceController.class, ProblemAdvice.class})
public class IngestWebApp {

    /** Starts the web app with the intake objects as beans; blocks until the port is bound. */
    public static ConfigurableApplicationContext start(
            IngestConfig config, MaintenanceIntake intake, CsvImporter importer, IngestMetrics metrics) {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", config.restPort());
        props.put("server.address", config.restAddress());
        props.put("server.shutdown", "immediate");
        props.put("spring.main.banner-mode", "off");
        props.put("spring.jmx.enabled", "false");
        props.put("spring.mvc.problemdetails.enabled", "true");
        // our records and JsonNode payloads are Jackson 2; Boot 4 would otherwise write them with Jackson 3
        props.put("spring.http.converters.preferred-json-mapper", "jackson2");
        props.put("spring.mvc.async.request-timeout", "60000");
        props.put("management.endpoints.web.exposure.include", "prometheus");
        props.put("server.tomcat.threads.max", "32");
        // Tomcat reads at most this much of a refused body before closing the connection.
        props.put("server.tomcat.max-swallow-size", "1MB");
        ApiKeys keys = config.apiKeys() == null ? null : ApiKeys.load(config.apiKeys());
        FilterRegistrationBean<IntakeGuard> guard = new FilterRegistrationBean<>(
                new IntakeGuard(keys, config.jwt() == null ? null : new JwtPlants(config.jwt()), config.limits()));
        guard.setOrder(Ordered.HIGHEST_PRECEDENCE);
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("pdm-ingest", props));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(IngestWebApp.class)
                .environment(env)
                .bannerMode(Banner.Mode.OFF)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("maintenanceIntake", intake);
                    ctx.getBeanFactory().registerSingleton("csvImporter", importer);
                    ctx.getBeanFactory().registerSingleton("ingestMetrics", metrics);
                    // /actuator/prometheus scrapes the service's own registry, not an empty one of Boot's
                    MeterRegistry meters = metrics.registry();
                    ((GenericApplicationContext) ctx)
                            .registerBean("meterRegistry", MeterRegistry.class, () -> meters, d -> d.setPrimary(true));
                    if (meters instanceof PrometheusMeterRegistry prometheus) {
                        ctx.getBeanFactory()
                                .registerSingleton("prometheusRegistry", prometheus.getPrometheusRegistry());
                    }
                    ctx.getBeanFactory().registerSingleton("ingestConfig", config);
                    ctx.getBeanFactory().registerSingleton("intakeGuard", guard);
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
