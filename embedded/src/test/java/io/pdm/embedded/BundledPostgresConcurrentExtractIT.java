package io.pdm.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs extracting the bundled PostgreSQL binaries into one fresh cache (two benches started together on a new
 * machine): each waits for the cache's lock, the first extracts, the second reuses its tree. Before the lock, the
 * JVM that finished second deleted and replaced the tree the first was already running initdb from.
 */
class BundledPostgresConcurrentExtractIT {

    @TempDir
    Path cache;

    @Test
    void extractorsWaitForTheCacheLockAndBothGetOneCompleteTree() throws Exception {
        Files.createDirectories(cache);
        Process first;
        Process second;
        Path out1 = cache.resolveSibling(cache.getFileName() + "-out1.txt");
        Path out2 = cache.resolveSibling(cache.getFileName() + "-out2.txt");
        try (FileChannel channel = FileChannel.open(
                        cache.resolve(BundledPostgres.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            first = extractor(out1);
            second = extractor(out2);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.readString(out1).contains("extracting")
                            && Files.readString(out2).contains("extracting"));
            // While another JVM holds the lock, neither starts a tree of its own.
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3))
                    .until(() -> entries().equals(List.of(BundledPostgres.LOCK)));
        }
        assertThat(first.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(Files.readString(out1)).isZero();
        assertThat(second.exitValue()).as(Files.readString(out2)).isZero();

        Path bin = Path.of(lastLine(out1).substring("bin ".length()));
        assertThat(lastLine(out2)).isEqualTo(lastLine(out1));
        assertThat(bin).startsWith(cache);
        assertThat(bin.resolve("initdb")).isExecutable();
        assertThat(bin.getParent().resolve("share/postgresql/postgresql.conf.sample"))
                .isRegularFile();
        assertThat(entries()).as("no temporary tree left behind").hasSize(2).contains(BundledPostgres.LOCK);
    }

    private Process extractor(Path output) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BundledPostgresExtractor.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put(BundledPostgres.ENV_CACHE, cache.toString());
        return pb.start();
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String lastLine(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output).stream()
                .filter(l -> l.startsWith("bin "))
                .toList();
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }
}
