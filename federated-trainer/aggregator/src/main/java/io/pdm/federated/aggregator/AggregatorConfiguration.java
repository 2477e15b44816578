package io.pdm.federated.aggregator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.pdm.federated.aggregator.round.RoundCoordinator;
import io.pdm.federated.aggregator.round.RoundListener;
import io.pdm.federated.aggregator.round.RoundRepository;
import io.pdm.federated.pki.RevocationCheck;
import io.pdm.federated.protocol.AdapterArithmetic;
import io.pdm.federated.protocol.FlJson;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

/**
 * The aggregator's beans, wired explicitly (no component scan) from the {@link AggregatorSettings} and
 * {@link MeterRegistry} singletons that {@link AggregatorApplication} registers.
 */
@SpringBootConfiguration
// Plants are authenticated by mTLS at the connector and by their certificate in the handlers. Spring Security is on
// the launcher's classpath for the alert inbox; its auto-configuration would lock every endpoint behind a generated
// password, so plants could never contribute (the launcher's PlantOnItsStoreIT hung that way).
@EnableAutoConfiguration(
        excludeName = {
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"
        })
class AggregatorConfiguration {

    /** The protocol's own mapping, so plants and aggregator read each other's JSON the same way. */
    @Bean
    @Primary
    ObjectMapper flObjectMapper() {
        return FlJson.mapper().copy().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);
    }

    @Bean
    RoundRepository roundRepository(AggregatorSettings settings, Clock clock) {
        settings.database().migrate();
        RoundRepository rounds = new RoundRepository(settings.database());
        rounds.ensureSeed(
                AdapterArithmetic.seedVersion(settings.seedAdapter(), settings.baseModelHash(), clock.instant()));
        return rounds;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    RoundCoordinator roundCoordinator(AggregatorSettings settings, RoundRepository rounds, Clock clock) {
        return settings.spoolDirectory() == null
                ? new RoundCoordinator(
                        rounds,
                        settings.policy(),
                        settings.plants(),
                        settings.baseModelHash(),
                        clock,
                        settings.reference())
                : new RoundCoordinator(
                        rounds,
                        settings.policy(),
                        settings.plants(),
                        settings.baseModelHash(),
                        clock,
                        settings.reference(),
                        settings.spoolDirectory());
    }

    /** Rounds start once every listener is attached and the server is listening. */
    @Bean
    ApplicationRunner roundStarter(
            RoundCoordinator coordinator, List<RoundListener> listeners, AggregatorSettings settings) {
        return arguments -> {
            listeners.forEach(coordinator::addListener);
            coordinator.start(settings.tickInterval());
        };
    }

    @Bean
    AggregatorMetrics aggregatorMetrics(MeterRegistry registry) {
        return new AggregatorMetrics(registry);
    }

    @Bean
    PlantAuthenticator plantAuthenticator(AggregatorSettings settings) {
        return new PlantAuthenticator(
                settings.plants(),
                RevocationCheck.of(settings.revocationList(), settings.tls().trustedCertificates()));
    }

    @Bean
    DeltaIntake deltaIntake(RoundCoordinator coordinator, RoundRepository rounds) {
        return new DeltaIntake(coordinator, rounds);
    }

    @Bean
    AggregatorController aggregatorController(
            PlantAuthenticator authenticator,
            RoundCoordinator coordinator,
            RoundRepository rounds,
            DeltaIntake intake,
            AggregatorMetrics metrics) {
        return new AggregatorController(authenticator, coordinator, rounds, intake, metrics);
    }

    @Bean(destroyMethod = "close")
    SecureAggregationSessions secureAggregationSessions(
            RoundCoordinator coordinator, RoundRepository rounds, Clock clock, AggregatorSettings settings) {
        return new SecureAggregationSessions(coordinator, rounds, clock, settings.tickInterval());
    }

    @Bean
    SecureAggregationController secureAggregationController(
            PlantAuthenticator authenticator,
            DeltaIntake intake,
            SecureAggregationSessions sessions,
            RoundCoordinator coordinator,
            RoundRepository rounds,
            LongPoll longPoll) {
        return new SecureAggregationController(authenticator, intake, sessions, coordinator, rounds, longPoll);
    }

    /**
     * Waiting phase requests, at most half of Tomcat's default 8,192 connections, so plants that wait never keep
     * others from connecting; a plant beyond the bound is answered at once and polls.
     */
    @Bean
    LongPoll longPoll() {
        return new LongPoll(4096);
    }

    @Bean
    ProblemResponses problemResponses(AggregatorMetrics metrics) {
        return new ProblemResponses(metrics);
    }
}
