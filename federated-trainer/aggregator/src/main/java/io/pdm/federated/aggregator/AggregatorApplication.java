package io.pdm.federated.aggregator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the cross-plant aggregator: Spring Boot, embedded Tomcat, HTTPS with mandatory client certificates. */
public final class AggregatorApplication {

    private static final String SSL_BUNDLE = "fl-aggregator";

    private AggregatorApplication() {}

    public static AggregatorHandle start(AggregatorSettings settings) {
        return start(settings, new SimpleMeterRegistry());
    }

    public static AggregatorHandle start(AggregatorSettings settings, MeterRegistry registry) {
        Map<String, Object> properties = new HashMap<>(settings.tls().bundleProperties(SSL_BUNDLE));
        properties.put("server.port", settings.port());
        properties.put("server.ssl.bundle", SSL_BUNDLE);
        properties.put("server.ssl.client-auth", "need");
        properties.put("spring.mvc.problemdetails.enabled", true);
        properties.put("spring.http.converters.preferred-json-mapper", "jackson2"); // our JSON is Jackson 2
        properties.put("spring.jmx.enabled", false);
        properties.put("server.shutdown", "immediate");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AggregatorConfiguration.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .registerShutdownHook(
                        false) // the handle's owner closes it; several aggregators may share a JVM in tests
                .properties(properties)
                .initializers(ctx -> {
                    ctx.getBeanFactory().registerSingleton("aggregatorSettings", settings);
                    ctx.getBeanFactory().registerSingleton("meterRegistry", registry);
                })
                .run();
        return new AggregatorHandle(context, registry);
    }
}
