package io.pdm.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds PostgreSQL server binaries and runs them, as user {@code nobody} when this JVM is root
 * (initdb and postgres refuse to run as root).
 */
final class PgBinaries {
    private static final Logger LOG = LoggerFactory.getLogger(PgBinaries.class);
    static final String ENV_BIN = "PDM_PG_BIN";
    static final String UNPRIVILEGED_USER = "nobody";

    private final Path binDir;
    private final boolean asNobody;

    private PgBinaries(Path binDir, boolean asNobody) {
        this.binDir = binDir;
        this.asNobody = asNobody;
    }

    /**
     * Lookup order: explicit dir, env PDM_PG_BIN, the binaries bundled as a Maven dependency (extracted
     * once, see {@link BundledPostgres}), then (a platform without a bundle) the highest
     * /usr/lib/postgresql/N/bin and PATH.
     */
    static PgBinaries locate(Path explicitBinDir) {
        List<Path> candidates = new ArrayList<>();
        if (explicitBinDir != null) {
            candidates.add(explicitBinDir);
        }
        String env = System.getenv(ENV_BIN);
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        boolean explicit = !candidates.isEmpty() && candidates.stream().anyMatch(PgBinaries::hasServerBinaries);
        if (!explicit) BundledPostgres.binDir().ifPresent(candidates::add);
        candidates.addAll(debianBinDirs());
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir));
                }
            }
        }
        for (Path dir : candidates) {
            if (hasServerBinaries(dir)) {
                return new PgBinaries(dir, isRoot());
            }
            if (dir == explicitBinDir || (env != null && dir.equals(Path.of(env)))) {
                LOG.warn("{} has no initdb/pg_ctl/postgres; looking elsewhere", dir);
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl, postgres) not found: this "
                + "platform has no bundled binaries (only linux-amd64 is bundled). Set " + ENV_BIN
                + " to a directory that contains them, or use an external server (PDM_TEST_JDBC_URL in tests).");
    }

    Path binDir() {
        return binDir;
    }

    /** {@code postgres --version}, e.g. "postgres (PostgreSQL) 17.5", for the start-up log line. */
    String version() {
        try {
            Process p = new ProcessBuilder(binDir.resolve("postgres").toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = readAll(p.getInputStream());
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "unknown version (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown version";
        }
    }

    boolean runsAsNobody() {
        return asNobody;
    }

    /** Runs a PostgreSQL tool to completion; returns its combined output, throws on non-zero exit. */
    String run(Path workDir, long timeoutSeconds, String tool, String... args) {
        List<String> cmd = command(tool, args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PG")); // a stray PGDATA/PGPORT must not leak in
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = readAll(p.getInputStream());
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(tool + " timed out after " + timeoutSeconds + " s: " + out);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", cmd) + " failed (exit " + p.exitValue() + "):\n" + out);
            }
            LOG.debug("{} -> {}", cmd, out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + tool, e);
        }
    }

    private List<String> command(String tool, String... args) {
        List<String> cmd = new ArrayList<>();
        if (asNobody) {
            if (Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"))) {
                cmd.addAll(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
            } else {
                cmd.addAll(List.of(
                        "setpriv",
                        "--reuid=" + UNPRIVILEGED_USER,
                        "--regid=" + UNPRIVILEGED_USER,
                        "--clear-groups",
                        "--"));
            }
        }
        cmd.add(binDir.resolve(tool).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Prepares {@code dir} for the server: owned by the user that runs it, mode 0700 (postgres
     * insists), and every ancestor traversable by that user.
     */
    void prepareDataDir(Path dir) {
        try {
            Files.createDirectories(dir);
            if (asNobody) {
                UserPrincipal nobody =
                        dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED_USER);
                Files.setOwner(dir, nobody);
                for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                        LOG.debug("making {} traversable for {}", p, UNPRIVILEGED_USER);
                        perms.add(PosixFilePermission.OTHERS_EXECUTE);
                        Files.setPosixFilePermissions(p, perms);
                    }
                }
            }
            Files.setPosixFilePermissions(
                    dir,
                    EnumSet.of(
                            PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare PostgreSQL data dir " + dir, e);
        }
    }

    /** Writes a file the server will read, owned by the server's user. */
    void writeServerFile(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            if (asNobody) {
                Files.setOwner(
                        file,
                        file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(UNPRIVILEGED_USER));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean hasServerBinaries(Path dir) {
        return Files.isExecutable(dir.resolve("initdb"))
                && Files.isExecutable(dir.resolve("pg_ctl"))
                && Files.isExecutable(dir.resolve("postgres"));
    }

    /** Debian's /usr/lib/postgresql/N/bin dirs, highest major version first. */
    private static List<Path> debianBinDirs() {
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return dirs;
        }
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
            for (Path v : versions) {
                if (v.getFileName().toString().matches("\\d+(\\.\\d+)?")) {
                    dirs.add(v.resolve("bin"));
                }
            }
        } catch (IOException e) {
            return dirs;
        }
        dirs.sort((a, b) -> Double.compare(version(b), version(a)));
        return dirs;
    }

    private static double version(Path binDir) {
        return Double.parseDouble(binDir.getParent().getFileName().toString());
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
