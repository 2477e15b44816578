package io.pdm.inference.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pdm.schemas.ApiKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-plant API keys for the plant-scoped API ({@code /api/v1/plants/{plant}/…}: alerts, asset health, scoring, adapter
 * pinning and rollback): no or an unknown key is 401 with a {@code WWW-Authenticate} challenge, a key of another plant
 * 403, both as problem+json. Probes, metrics and the OpenAPI description stay open, as a cluster's probes need them.
 */
final class ApiKeyFilter extends OncePerRequestFilter {
    private static final Pattern PLANT_PATH = Pattern.compile("^/api/v1/plants/([^/]+)(/.*)?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        Matcher m = PLANT_PATH.matcher(req.getRequestURI());
        if (!m.matches()) {
            chain.doFilter(req, res);
            return;
        }
        String key = presentedKey(req);
        if (key == null) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"pdm-inference\"");
            problem(
                    res,
                    401,
                    "UNAUTHENTICATED",
                    "an API key is required: 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'");
            return;
        }
        Set<String> plants = keys.plantsOf(key);
        if (plants.isEmpty()) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"pdm-inference\", error=\"invalid_token\"");
            problem(res, 401, "UNAUTHENTICATED", "the API key is not valid");
        } else if (!plants.contains(m.group(1))) {
            problem(res, 403, "FORBIDDEN", "the API key is not valid for plant '" + m.group(1) + "'");
        } else {
            chain.doFilter(req, res);
        }
    }

    private static String presentedKey(HttpServletRequest req) {
        String auth = req.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7) {
            return auth.substring(7).strip();
        }
        String key = req.getHeader("X-Api-Key");
        return key == null || key.isBlank() ? null : key.strip();
    }

    private static void problem(HttpServletResponse res, int status, String reason, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemAdvice.TYPE_BASE + reason.toLowerCase(java.util.Locale.ROOT));
        body.put("title", status == 401 ? "Unauthenticated" : "Forbidden");
        body.put("status", status);
        body.put("detail", detail);
        body.put("reason", reason);
        res.setStatus(status);
        res.setContentType("application/problem+json");
        JSON.writeValue(res.getOutputStream(), body);
    }
}
