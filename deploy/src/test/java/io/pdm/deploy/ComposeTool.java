package io.pdm.deploy;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** `docker-compose` (standalone) or `docker compose` (the plugin), whichever answers; null when neither does. */
final class ComposeTool {
    private ComposeTool() {}

    static List<String> find() {
        for (List<String> candidate : List.of(List.of("docker-compose"), List.of("docker", "compose"))) {
            if (answers(candidate)) return candidate;
        }
        return null;
    }

    private static boolean answers(List<String> command) {
        try {
            List<String> version = new java.util.ArrayList<>(command);
            version.add("version");
            Process p = new ProcessBuilder(version).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
