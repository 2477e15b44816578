package io.pdm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a kustomization with the kustomize built into kubectl (or a standalone kustomize), found on PATH. */
final class Kustomize {
    private static final List<String> COMMAND = locate();

    private Kustomize() {}

    /** Why rendering is impossible here, or null when it is possible. */
    static String unavailable() {
        return COMMAND == null
                ? "neither kubectl (with kustomize) nor kustomize is on PATH: the overlays were not rendered"
                        + " (.ci/run provides kubectl where it can)"
                : null;
    }

    static List<JsonNode> render(Path dir) {
        if (COMMAND == null) throw new IllegalStateException(unavailable());
        List<String> command = new ArrayList<>(COMMAND);
        command.add(dir.toString());
        try {
            Process p = new ProcessBuilder(command).start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + err);
            }
            return Yaml.documents(new String(out));
        } catch (IOException e) {
            throw new IllegalStateException(command + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> locate() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            if (Files.isExecutable(Path.of(dir, "kubectl"))
                    && works(Path.of(dir, "kubectl").toString(), "kustomize")) {
                return List.of(Path.of(dir, "kubectl").toString(), "kustomize");
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kustomize"))) {
                return List.of(Path.of(dir, "kustomize").toString(), "build");
            }
        }
        return null;
    }

    /** kubectl from 1.14 on has kustomize built in; `kubectl kustomize --help` proves it without a cluster. */
    private static boolean works(String kubectl, String sub) {
        try {
            Process p = new ProcessBuilder(kubectl, sub, "--help")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
