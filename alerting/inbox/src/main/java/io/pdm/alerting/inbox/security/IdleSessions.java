package io.pdm.alerting.inbox.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.session.InvalidSessionStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sessions expire after {@code timeout} without anything the person did. Tomcat's own idle timer cannot be the rule:
 * it counts whole minutes, and the live stream ({@code /api/stream}) is a request too, so an open inbox tab would keep
 * its session forever. This filter (first in Spring Security's chain) remembers the time of the last request that is
 * neither the live stream nor a page's own refresh (header {@value #BACKGROUND}) and invalidates the session once that
 * is {@code timeout} ago; Spring Security then sees an invalid session id and answers through
 * {@link #onInvalidSession}: the JSON API {@code 401 Session expired}, a page a redirect to {@code /login?expired}. Tomcat's timer (the same timeout, rounded up to minutes) stays the backstop
 * that frees sessions nobody comes back to. Not a filter bean itself ({@link #filter()} is added to the security
 * chain), so Boot does not register it a second time as a servlet filter.
 */
public final class IdleSessions {
    static final String LAST_ACTIVITY = IdleSessions.class.getName() + ".lastActivity";
    public static final String STREAM = "/api/stream";
    /** Set by the pages' own refreshes (a live change, the alarm page's timer): they are not the person's doing. */
    public static final String BACKGROUND = "X-PDM-Background";

    private final long timeoutMs;
    private final LongSupplier millis;

    public IdleSessions(Duration timeout, LongSupplier millis) {
        this.timeoutMs = timeout.toMillis();
        this.millis = millis;
    }

    /** The filter, to run before Spring Security reads the session. */
    public OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                touch(request);
                chain.doFilter(request, response);
            }
        };
    }

    private void touch(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            long now = millis.getAsLong();
            Long last = (Long) session.getAttribute(LAST_ACTIVITY);
            if (last != null && now - last >= timeoutMs) {
                session.invalidate(); // the request goes on as one with an expired session id
            } else if (last == null
                    || !(STREAM.equals(request.getRequestURI()) || request.getHeader(BACKGROUND) != null)) {
                session.setAttribute(LAST_ACTIVITY, now);
            }
        }
    }

    /** How long this session has left before it expires, or the full timeout for a request without one. */
    public Duration remaining(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Long last = session == null ? null : (Long) session.getAttribute(LAST_ACTIVITY);
        if (last == null) return Duration.ofMillis(timeoutMs);
        return Duration.ofMillis(Math.max(0, timeoutMs - (millis.getAsLong() - last)));
    }

    /** An expired session: {@code 401 Session expired} for the API, the login page saying so for a page. */
    public static InvalidSessionStrategy onInvalidSession(ObjectMapper json, Duration timeout) {
        return (request, response) -> {
            if (request.getRequestURI().startsWith("/api/")) {
                problem(
                        json,
                        response,
                        "Session expired",
                        "the session was idle for " + words(timeout)
                                + " or longer (or the inbox restarted); log in again");
            } else {
                request.getSession(true); // a fresh anonymous session: the login page is not "expired" again
                response.sendRedirect("/login?expired");
            }
        };
    }

    /** Not logged in, to the JSON API: {@code 401} as a problem detail (the API never redirects a script). */
    public static AuthenticationEntryPoint notLoggedIn(ObjectMapper json) {
        return (request, response, e) ->
                problem(json, response, "Not logged in", "log in at /login, or send an OIDC access token");
    }

    /** {@code PT30M} → {@code 30 minutes}, {@code PT4S} → {@code 4 seconds}. */
    public static String words(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) return plural(s / 3600, "hour");
        if (s % 60 == 0) return plural(s / 60, "minute");
        return plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    static void problem(ObjectMapper json, HttpServletResponse response, String title, String detail)
            throws IOException {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        p.setTitle(title);
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setContentType("application/problem+json");
        json.writeValue(response.getOutputStream(), p);
    }
}
