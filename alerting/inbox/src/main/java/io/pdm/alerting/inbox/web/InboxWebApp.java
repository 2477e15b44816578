package io.pdm.alerting.inbox.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pdm.alerting.inbox.InboxSettings;
import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.alerting.inbox.charts.ChartStore;
import io.pdm.alerting.inbox.feed.EventLog;
import io.pdm.alerting.inbox.security.InboxSecurity;
import io.pdm.schemas.alerting.AlertJson;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * The inbox as a small Spring Boot web app inside whatever process hosts it (the alerting service, the demo), the way
 * ingest's web app is built: only the auto-configurations it needs (no component scan), Boot's logging system left
 * out so the host's logback setup stays, and its properties ahead of any {@code application.properties}.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    Jackson2AutoConfiguration.class,
    SecurityFilterAutoConfiguration.class
})
@Import({
    InboxSecurity.class,
    InboxController.class,
    InsightController.class,
    LoginPage.class,
    AlertLinks.class,
    LiveUpdates.class,
    ProbeController.class,
    ProblemAdvice.class
})
public class InboxWebApp {

    /** The alerting contracts' JSON (ISO instants, no nulls) for MVC too; unknown fields in a body are refused. */
    @Bean
    ObjectMapper objectMapper() {
        return AlertJson.mapper().copy().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);
    }

    /** Starts the web app; blocks until the port is bound. */
    public static ConfigurableApplicationContext start(
            InboxSettings settings,
            AlertBoard board,
            EventLog events,
            CommandSink sink,
            Clock clock,
            InboxSettings.Probes probes) {
        return start(settings, board, events, sink, clock, probes, null);
    }

    /** As above; with {@code meters}, {@code /actuator/prometheus} scrapes them ({@link InboxMetrics}). */
    public static ConfigurableApplicationContext start(
            InboxSettings settings,
            AlertBoard board,
            EventLog events,
            CommandSink sink,
            Clock clock,
            InboxSettings.Probes probes,
            PrometheusMeterRegistry meters) {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", settings.port());
        props.put("server.address", settings.bind());
        props.put("server.shutdown", "immediate");
        props.put("server.servlet.session.timeout", settings.sessionTimeout().toSeconds() + "s");
        props.put("server.servlet.session.cookie.http-only", "true");
        props.put("server.servlet.session.cookie.same-site", "lax");
        props.put("spring.main.banner-mode", "off");
        props.put("spring.jmx.enabled", "false");
        props.put("spring.mvc.problemdetails.enabled", "true");
        props.put("spring.http.converters.preferred-json-mapper", "jackson2");
        props.put("spring.mvc.async.request-timeout", Long.toString(LiveUpdates.TIMEOUT_MS));
        props.put("server.tomcat.threads.max", "32");
        // only the scrape: the probes stay with ProbeController (the host's state), not actuator's health
        props.put("management.endpoints.web.exposure.include", "prometheus");
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("pdm-inbox", props));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(InboxWebApp.class)
                .environment(env)
                .bannerMode(Banner.Mode.OFF)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .initializers(ctx -> {
                    var beans = ctx.getBeanFactory();
                    beans.registerSingleton("inboxSettings", settings);
                    beans.registerSingleton("alertBoard", board);
                    beans.registerSingleton("eventLog", events);
                    beans.registerSingleton("commandSink", sink);
                    beans.registerSingleton("clock", clock);
                    beans.registerSingleton("probes", probes);
                    beans.registerSingleton("alertActions", new AlertActions(settings.maxShelve()));
                    beans.registerSingleton("chartStore", new ChartStore(settings.jdbc()));
                    if (meters != null) {
                        // the host's registry, not an empty one of Boot's: the scrape shows the service's meters
                        ((org.springframework.context.support.GenericApplicationContext) ctx)
                                .registerBean(
                                        "meterRegistry", MeterRegistry.class, () -> meters, d -> d.setPrimary(true));
                        beans.registerSingleton("prometheusRegistry", meters.getPrometheusRegistry());
                    }
                });
        if (meters != null) builder.sources(InboxMetrics.class);
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
