package io.pdm.ingest.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.ingest.IngestConfig;
import io.pdm.schemas.ApiKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Runs before Spring MVC reads anything: checks the caller's API key or OAuth2 bearer token (a JWT, {@link JwtPlants})
 * against the plant in the path (401 without valid credentials, 403 for another plant's path), then caps the body. A declared length over the cap is answered 413 at
 * once; a chunked body is counted as it is read and reading stops at the cap ({@link BodyTooLarge}, answered 413
 * by {@link ProblemAdvice}), so no request can make the server hold more than the cap in memory.
 */
final class IntakeGuard extends OncePerRequestFilter {
    private static final Pattern PLANT_PATH = Pattern.compile("^/api/v1/plants/([^/]+)(/.*)?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKeys keys; // null: no API keys
    private final JwtPlants jwt; // null: no bearer tokens; both null: no authentication
    private final IngestConfig.Limits limits;

    IntakeGuard(ApiKeys keys, JwtPlants jwt, IngestConfig.Limits limits) {
        this.keys = keys;
        this.jwt = jwt;
        this.limits = limits;
    }

    /** Thrown while reading a body past its cap. */
    static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge(long limit) {
            super("request body exceeds the limit of " + limit + " bytes");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        Matcher m = PLANT_PATH.matcher(req.getRequestURI());
        if ((keys != null || jwt != null) && m.matches()) {
            String key = presentedKey(req);
            if (key == null) {
                res.setHeader("WWW-Authenticate", "Bearer realm=\"pdm-ingest\"");
                problem(
                        res,
                        401,
                        "UNAUTHENTICATED",
                        "credentials are required: 'Authorization: Bearer KEY-OR-TOKEN' or 'X-Api-Key: KEY'");
                return;
            }
            Set<String> plants;
            if (jwt != null && JwtPlants.looksLikeJwt(key)) {
                try {
                    plants = jwt.plantsOf(key);
                } catch (JwtPlants.Invalid e) {
                    String why =
                            e.getMessage() == null ? "rejected" : e.getMessage().replace('"', '\'');
                    res.setHeader(
                            "WWW-Authenticate",
                            "Bearer realm=\"pdm-ingest\", error=\"invalid_token\", error_description=\"" + why + "\"");
                    problem(res, 401, "UNAUTHENTICATED", "the bearer token is not valid: " + why);
                    return;
                } catch (JwtPlants.KeysUnavailable e) {
                    res.setHeader("Retry-After", "5");
                    problem(res, 503, "AUTHENTICATION_UNAVAILABLE", e.getMessage());
                    return;
                }
            } else {
                plants = keys == null ? Set.of() : keys.plantsOf(key);
            }
            if (plants.isEmpty()) {
                res.setHeader("WWW-Authenticate", "Bearer realm=\"pdm-ingest\", error=\"invalid_token\"");
                problem(res, 401, "UNAUTHENTICATED", "the API key is not valid");
                return;
            }
            if (!plants.contains(m.group(1))) {
                problem(res, 403, "FORBIDDEN", "the credentials are not valid for plant '" + m.group(1) + "'");
                return;
            }
        }
        long limit = req.getRequestURI().endsWith(":import") ? limits.maxImportBytes() : limits.maxPayloadBytes();
        long declared = req.getContentLengthLong();
        if (declared > limit) {
            problem(res, 413, "OVERSIZED_PAYLOAD", "the body has " + declared + " bytes, the limit is " + limit);
            return;
        }
        chain.doFilter(new Capped(req, limit), res);
    }

    private static String presentedKey(HttpServletRequest req) {
        String auth = req.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7) {
            return auth.substring(7).strip();
        }
        String key = req.getHeader("X-Api-Key");
        return key == null || key.isBlank() ? null : key.strip();
    }

    static void problem(HttpServletResponse res, int status, String reason, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemAdvice.TYPE_BASE + reason.toLowerCase().replace('_', '-'));
        body.put("title", ProblemAdvice.title(reason));
        body.put("status", status);
        body.put("detail", detail);
        body.put("reason", reason);
        res.setStatus(status);
        res.setContentType("application/problem+json");
        JSON.writeValue(res.getOutputStream(), body);
    }

    /** The request with a body that stops at {@code limit} bytes. */
    private static final class Capped extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream in;

        Capped(HttpServletRequest req, long limit) {
            super(req);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) in = new CountingInput(super.getInputStream(), limit);
            return in;
        }
    }

    private static final class CountingInput extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountingInput(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            // never more than one byte past the cap, so the overflow is seen without buffering more
            int n = in.read(buf, off, (int) Math.min(len, limit - read + 1));
            if (n > 0) count(n);
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) throw new BodyTooLarge(limit);
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
