package io.pdm.alerting.inbox.web;

import io.pdm.alerting.inbox.InboxSettings;
import io.pdm.alerting.inbox.security.IdleSessions;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The login form, in the inbox's own style ({@code inbox.css}, nothing from a CDN), with the CSRF token as a hidden
 * field (Spring Security checks it on {@code POST /login}) and a message that says why the person is here: a wrong
 * password ({@code ?error}), a session that expired while idle ({@code ?expired}) or a logout ({@code ?logout}).
 * Served by the application rather than as a static file because the token is per browser.
 */
@Controller
public class LoginPage {
    static final String TEMPLATE = read("login.html");

    private final Duration sessionTimeout;

    public LoginPage(InboxSettings settings) {
        this.sessionTimeout = settings.sessionTimeout();
    }

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String html = TEMPLATE.replace("{{message}}", message(request))
                .replace("{{csrf-parameter}}", esc(token == null ? "_csrf" : token.getParameterName()))
                .replace("{{csrf-token}}", esc(token == null ? "" : token.getToken()));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore()) // the token belongs to this browser
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(html);
    }

    private String message(HttpServletRequest request) {
        if (request.getParameter("error") != null) {
            return box("error", "login-error", "Wrong user name or password. Try again.");
        }
        if (request.getParameter("expired") != null) {
            return box(
                    "info",
                    "login-expired",
                    "Your session expired after " + IdleSessions.words(sessionTimeout)
                            + " without activity. Log in again.");
        }
        if (request.getParameter("logout") != null) return box("ok", "login-logout", "You are logged out.");
        return "";
    }

    private static String box(String kind, String id, String text) {
        return "<div class=\"message " + kind + "\" id=\"" + id + "\" role=\"alert\">" + esc(text) + "</div>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String read(String name) {
        try (InputStream in = LoginPage.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the login page " + name + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
