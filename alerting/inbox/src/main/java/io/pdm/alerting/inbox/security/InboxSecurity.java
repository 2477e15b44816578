package io.pdm.alerting.inbox.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.alerting.inbox.InboxSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may use the inbox. People log in with a form ({@code LoginPage}; users file, bcrypt); their session expires
 * when idle ({@link IdleSessions}: the live stream does not count as activity); every state-changing request needs the CSRF token (the page reads it
 * from the {@code XSRF-TOKEN} cookie and sends it as {@code X-XSRF-TOKEN}, Spring Security's single-page setup).
 * With an OIDC issuer the JSON API also takes bearer tokens whose roles claim says the plants; a bearer request
 * carries no cookie, so it needs no CSRF token. Which plant a person may see is {@link PlantAccess}'s rule, applied
 * by the controller to every read and action.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class InboxSecurity {
    static final RequestMatcher API = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
    static final RequestMatcher BEARER = request -> {
        String h = request.getHeader("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7);
    };

    @Bean
    IdleSessions idleSessions(InboxSettings settings) {
        return new IdleSessions(settings.sessionTimeout(), System::currentTimeMillis);
    }

    @Bean
    SecurityFilterChain inboxFilterChain(
            HttpSecurity http, InboxSettings settings, IdleSessions idle, ObjectMapper json) throws Exception {
        http.addFilterBefore(idle.filter(), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers(
                                "/login",
                                "/inbox.css",
                                "/favicon.ico",
                                "/actuator/health/liveness",
                                "/actuator/health/readiness",
                                // Prometheus scrapes without a login, as on every service; k8s lets only its
                                // namespace reach the port's scrape (docs/deploy.md)
                                "/actuator/prometheus",
                                "/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                // our own login page (LoginPage); after it, the page the person asked for (a notification's link),
                // else the list (requests of scripts, Accept: application/json or text/event-stream, are not saved)
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/"))
                // the cookie goes too, so the login page after a logout does not take it for an expired session
                .logout(l -> l.logoutSuccessUrl("/login?logout").deleteCookies("JSESSIONID"))
                .sessionManagement(
                        s -> s.invalidSessionStrategy(IdleSessions.onInvalidSession(json, settings.sessionTimeout())))
                .csrf(c -> c.spa().ignoringRequestMatchers(BEARER))
                // the API answers 401 rather than redirecting a script to the login page
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(IdleSessions.notLoggedIn(json), API));
        if (settings.oidc() != null) {
            InboxSettings.Oidc oidc = settings.oidc();
            http.oauth2ResourceServer(
                    o -> o.jwt(j -> j.decoder(decoder(oidc)).jwtAuthenticationConverter(tokens(oidc))));
        }
        return http.build();
    }

    /** Looks the issuer up on first use, so the inbox starts while the identity provider is away. */
    static JwtDecoder decoder(InboxSettings.Oidc oidc) {
        return new SupplierJwtDecoder(() -> JwtDecoders.fromIssuerLocation(oidc.issuerUri()));
    }

    /** The person is {@code preferred_username} (else {@code sub}); the roles claim gives the plants. */
    static Converter<Jwt, AbstractAuthenticationToken> tokens(InboxSettings.Oidc oidc) {
        return jwt -> {
            Object claim = jwt.getClaims().get(oidc.rolesClaim());
            List<String> roles = new ArrayList<>();
            if (claim instanceof Collection<?> c) for (Object o : c) roles.add(String.valueOf(o));
            else if (claim instanceof String s) for (String r : s.split("[ ,]+")) roles.add(r);
            String name = jwt.getClaimAsString("preferred_username");
            return new JwtAuthenticationToken(jwt, Roles.authorities(roles), name != null ? name : jwt.getSubject());
        };
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    UserDetailsService inboxUsers(InboxSettings settings) {
        List<UserDetails> users = new ArrayList<>();
        for (InboxUser u : settings.users()) {
            users.add(User.withUsername(u.name())
                    .password(u.bcryptHash())
                    .authorities(Roles.authorities(u.roles()))
                    .build());
        }
        return new InboxUserDetails(users);
    }

    /** The in-memory manager, under a name that says whose users these are. */
    static final class InboxUserDetails extends InMemoryUserDetailsManager {
        InboxUserDetails(Collection<UserDetails> users) {
            super(users);
        }
    }
}
