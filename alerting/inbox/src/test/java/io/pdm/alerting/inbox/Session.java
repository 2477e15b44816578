package io.pdm.alerting.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's HTTP session with the inbox, as a browser keeps it: cookies (session, XSRF-TOKEN), the login form with
 * its CSRF field, and the XSRF header on every POST, as the page's script sends it.
 */
public final class Session {
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    public final String base;
    final CookieManager cookies = new CookieManager();
    public final HttpClient http;

    public Session(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Logs in with the form; returns where the login redirected to ("/" on success, "/login?error" on failure). */
    public String login(String user, String password) {
        HttpResponse<String> form = get("/login");
        Matcher m = CSRF_FIELD.matcher(form.body());
        if (!m.find()) throw new IllegalStateException("no CSRF field on the login page: " + form.body());
        String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(m.group(1));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        String location = r.headers().firstValue("Location").orElse("");
        return location.startsWith(base) ? location.substring(base.length()) : location;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A page, asked for as a browser does (Accept: text/html): without a session it redirects to the login. */
    public HttpResponse<String> page(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "text/html")
                .GET());
    }

    /** A POST with the JSON body and the XSRF header taken from the cookie, as the page sends it. */
    public HttpResponse<String> post(String path, String json) {
        return post(path, json, xsrf());
    }

    public HttpResponse<String> post(String path, String json, String xsrfToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json));
        if (xsrfToken != null) b.header("X-XSRF-TOKEN", xsrfToken);
        return send(b);
    }

    public String xsrf() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    public HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
