package io.pdm.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the files under test are: the repository root (this module's parent) and the shared CRDs. */
final class Repo {
    private Repo() {}

    /** The repository root: Surefire runs in {@code deploy/}. */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("docker-compose.yml")) ? here : here.getParent();
        if (!Files.exists(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("no docker-compose.yml in " + here + " or its parent");
        }
        return root;
    }

    /** The published CRDs ({@code ../shared/k8s-crds}, system property {@code pdm.shared.k8s-crds}). */
    static Path crds() {
        String configured = System.getProperty("pdm.shared.k8s-crds");
        Path dir = configured != null ? Path.of(configured) : root().resolve("../shared/k8s-crds");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(
                    "CRD directory " + dir.toAbsolutePath().normalize()
                            + " is missing: the tests read the published CRDs from ../shared/k8s-crds (SOURCE.md there)");
        }
        return dir.normalize();
    }
}
