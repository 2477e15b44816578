package io.pdm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;

/** The checks of a Compose file that need no container engine; each returns what is wrong, empty when nothing. */
final class Compose {
    /** Names the pdm subcommand a service will run once it exists (work in progress elsewhere). */
    static final String ASSUMED_COMMAND_LABEL = "io.pdm.assumed-command";

    private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|API_KEY)$");
    private static final Pattern LITERAL_PASSWORD = Pattern.compile("(?i)password=(?!\\$\\{)[^&\\s\"']+");

    private Compose() {}

    static Map<String, JsonNode> services(JsonNode compose) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        compose.path("services").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) return out;
        if (node.isArray()) node.forEach(n -> out.add(n.asText()));
        else out.addAll(List.of(node.asText().trim().split("\\s+")));
        return out;
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isObject())
            e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        else if (e.isArray()) {
            e.forEach(n -> {
                String[] kv = n.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            });
        }
        return env;
    }

    /** A service runs the pdm image when it is built from the root Dockerfile. */
    static boolean runsPdm(JsonNode service) {
        return service.path("build").path("dockerfile").asText("").equals("Dockerfile");
    }

    /** Images neither pinned nor built here, builds whose context or Dockerfile is missing. */
    static List<String> imageProblems(JsonNode compose, Path root) {
        List<String> problems = new ArrayList<>();
        Set<String> built = new java.util.HashSet<>();
        services(compose).values().forEach(s -> {
            if (s.has("build")) built.add(s.path("image").asText());
        });
        services(compose).forEach((name, s) -> {
            JsonNode build = s.path("build");
            if (!build.isMissingNode()) {
                Path context = root.resolve(
                        build.isTextual()
                                ? build.asText()
                                : build.path("context").asText("."));
                Path dockerfile = context.resolve(build.path("dockerfile").asText("Dockerfile"));
                if (!Files.isDirectory(context)) problems.add(name + ": build context " + context + " is missing");
                if (!Files.isRegularFile(dockerfile)) problems.add(name + ": " + dockerfile + " is missing");
            } else if (built.contains(s.path("image").asText())) {
                return; // the image another service builds here (e.g. the Flink task manager's)
            } else if (!Images.pinned(s.path("image").asText(null))) {
                problems.add(name + ": image '" + s.path("image").asText("") + "' is not pinned (tag or digest)");
            }
        });
        return problems;
    }

    /**
     * PDM_* variables a service sets that the command it runs does not read. A pdm service must run a pdm command
     * (or carry {@link #ASSUMED_COMMAND_LABEL} while that command does not exist yet); the Flink job manager runs
     * {@code io.pdm.features.FeatureJob}; every other image reads no PDM_* variable.
     */
    static List<String> unreadVariables(JsonNode compose) {
        List<String> problems = new ArrayList<>();
        services(compose).forEach((name, s) -> {
            Set<String> reads;
            String what;
            List<String> command = strings(s.path("command"));
            String assumed = s.path("labels").path(ASSUMED_COMMAND_LABEL).asText(null);
            if (runsPdm(s)) {
                Optional<CommandSpec> spec = CommandSettings.subcommand(command);
                if (spec.isEmpty()
                        && assumed != null
                        && command.size() > 0
                        && command.get(0).equals(assumed)) {
                    return; // the command is being built; checked once it exists
                }
                if (spec.isEmpty()) {
                    problems.add(name + ": command " + command + " is no pdm subcommand");
                    return;
                }
                if (assumed != null) {
                    problems.add(name + ": pdm " + assumed + " exists now: remove the label " + ASSUMED_COMMAND_LABEL);
                }
                reads = CommandSettings.environmentOf(spec.get());
                what = spec.get().qualifiedName(" ");
            } else if (command.contains("io.pdm.features.FeatureJob")) {
                reads = CommandSettings.featureJobEnvironment();
                what = "io.pdm.features.FeatureJob";
            } else {
                reads = Set.of();
                what = s.path("image").asText();
            }
            environment(s).keySet().stream()
                    .filter(k -> k.startsWith("PDM_"))
                    .filter(k -> !reads.contains(k))
                    .forEach(k ->
                            problems.add(name + ": " + k + " is not read by " + what + " (it reads " + reads + ")"));
        });
        return problems;
    }

    /** depends_on targets that do not exist, or whose condition the target cannot meet. */
    static List<String> dependencyProblems(JsonNode compose) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> services = services(compose);
        services.forEach((name, s) -> {
            JsonNode deps = s.path("depends_on");
            List<Map.Entry<String, String>> targets = new ArrayList<>();
            if (deps.isArray()) deps.forEach(d -> targets.add(Map.entry(d.asText(), "service_started")));
            else
                deps.fields()
                        .forEachRemaining(f -> targets.add(Map.entry(
                                f.getKey(), f.getValue().path("condition").asText("service_started"))));
            for (Map.Entry<String, String> t : targets) {
                JsonNode target = services.get(t.getKey());
                if (target == null) {
                    problems.add(name + ": depends on " + t.getKey() + ", which is no service");
                } else if (t.getValue().equals("service_healthy") && !hasHealthcheck(target)) {
                    problems.add(name + ": waits for " + t.getKey() + " to be healthy, which has no healthcheck");
                } else if (t.getValue().equals("service_completed_successfully")
                        && !target.path("restart").asText("no").equals("no")) {
                    problems.add(name + ": waits for " + t.getKey() + " to complete, which restarts");
                }
            }
        });
        return problems;
    }

    static boolean hasHealthcheck(JsonNode service) {
        JsonNode h = service.path("healthcheck");
        return h.isObject() && h.has("test") && !h.path("disable").asBoolean(false);
    }

    /** Published host ports, resolved with the values of .env.example, that two services (or entries) share. */
    static List<String> portCollisions(JsonNode compose, Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Map<String, String> taken = new LinkedHashMap<>(); // "ip:port" -> service
        services(compose)
                .forEach((name, s) -> s.path("ports").forEach(p -> {
                    String[] parts = interpolate(p.asText(), env).split(":");
                    if (parts.length < 2) {
                        problems.add(name + ": port '" + p.asText() + "' publishes a random host port; give one");
                        return;
                    }
                    String ip = parts.length == 3 ? parts[0] : "0.0.0.0";
                    String port = parts[parts.length - 2];
                    for (Map.Entry<String, String> t : taken.entrySet()) {
                        String[] other = t.getKey().split(":");
                        boolean sameIp = ip.equals(other[0]) || ip.equals("0.0.0.0") || other[0].equals("0.0.0.0");
                        if (sameIp && port.equals(other[1])) {
                            problems.add(name + " and " + t.getValue() + " both publish host port " + port);
                        }
                    }
                    taken.put(ip + ":" + port, name);
                }));
        return problems;
    }

    /** {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?message}} with the given values. */
    static String interpolate(String text, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-?])([^}]*))?}")
                .matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if ((v == null || v.isEmpty()) && "-".equals(m.group(2))) v = m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Every {@code ${VAR}} the file interpolates ({@code $${…}} is a literal dollar for the container's shell). */
    static Set<String> variables(String composeText) {
        Set<String> out = new java.util.TreeSet<>();
        Matcher m = VARIABLE.matcher(composeText);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** Secret-looking settings with a literal value, and literal passwords in URLs or arguments. */
    static List<String> literalSecrets(JsonNode compose) {
        List<String> problems = new ArrayList<>();
        services(compose).forEach((name, s) -> {
            environment(s).forEach((k, v) -> {
                if (SECRET_NAME.matcher(k).matches() && !v.isEmpty() && !v.contains("${")) {
                    problems.add(name + ": " + k + " has a literal value");
                }
                if (LITERAL_PASSWORD.matcher(v).find()) problems.add(name + ": " + k + " holds a literal password");
            });
            List<String> args = strings(s.path("command"));
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                boolean literalOption = arg.equalsIgnoreCase("--password")
                        && i + 1 < args.size()
                        && !args.get(i + 1).contains("${");
                boolean literalInline = arg.matches("(?i)--password=.*") && !arg.contains("${");
                if (LITERAL_PASSWORD.matcher(arg).find() || literalOption || literalInline) {
                    problems.add(name + ": a command argument holds a literal password");
                }
            }
        });
        return problems;
    }

    static Map<String, String> envFile(Path file) {
        try {
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                String l = line.trim();
                if (l.isEmpty() || l.startsWith("#")) continue;
                String[] kv = l.split("=", 2);
                out.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
