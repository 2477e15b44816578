package io.pdm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-shot that makes Mosquitto's password file (deploy/docker/mosquitto-passwords.sh), run by /bin/sh with a
 * stand-in for {@code mosquitto_passwd -U} (the real one is in the broker's image only): every user gets a line, the
 * file is handed to the hasher, ingest gets its password in a file only its owner reads, and a missing or unusable
 * password stops it with a message naming what is wrong.
 */
class MosquittoPasswordsTest {
    private static final Path SCRIPT = Repo.root().resolve("deploy/docker/mosquitto-passwords.sh");

    @TempDir
    Path tmp;

    private record Run(int exit, String output) {}

    private Run run(Map<String, String> env) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh here");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path hasher = bin.resolve("mosquitto_passwd");
        // Stand-in: checks it is asked to update in place, and marks every password as hashed.
        Files.writeString(hasher, """
                #!/bin/sh
                [ "$1" = "-U" ] || { echo "expected -U, got $*" >&2; exit 9; }
                sed -i 's/^\\([^:]*\\):.*$/\\1:HASHED/' "$2"
                """);
        hasher.toFile().setExecutable(true);
        Files.createDirectories(tmp.resolve("auth"));
        Files.createDirectories(tmp.resolve("ingest"));
        ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", SCRIPT.toString())).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.environment().put("AUTH_DIR", tmp.resolve("auth").toString());
        pb.environment().put("INGEST_DIR", tmp.resolve("ingest").toString());
        Files.createDirectories(tmp.resolve("device"));
        pb.environment().put("DEVICE_DIR", tmp.resolve("device").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), output);
    }

    @Test
    void writesAHashedPasswordFileAndIngestsPasswordFile() throws Exception {
        Run run = run(Map.of("MQTT_INGEST_PASSWORD", "ingest-secret-1", "MQTT_DEVICE_PASSWORD", "device-secret-2"));
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(Files.readAllLines(tmp.resolve("auth/passwd")))
                .containsExactly("ingest:HASHED", "device:HASHED", "health:HASHED");
        assertThat(Files.readString(tmp.resolve("auth/health.password"))).matches("[0-9a-f]{48}");
        assertThat(Files.readString(tmp.resolve("ingest/password"))).isEqualTo("ingest-secret-1");
        // the Compose replay service logs in as "device" from this file
        assertThat(Files.readString(tmp.resolve("device/password"))).isEqualTo("device-secret-2");
        assertThat(Files.getPosixFilePermissions(tmp.resolve("device/password")))
                .isEqualTo(PosixFilePermissions.fromString("r--------"));
        assertThat(Files.getPosixFilePermissions(tmp.resolve("ingest/password")))
                .isEqualTo(PosixFilePermissions.fromString("r--------"));
        assertThat(Files.getPosixFilePermissions(tmp.resolve("auth/passwd")))
                .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        assertThat(run.output()).doesNotContain("ingest-secret-1", "device-secret-2");
        try (var left = Files.list(tmp.resolve("auth"))) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("passwd", "health.password");
        }
    }

    @Test
    void aMissingOrUnusablePasswordStopsItWithTheReason() throws Exception {
        Run missing = run(Map.of("MQTT_INGEST_PASSWORD", "x"));
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("MQTT_DEVICE_PASSWORD").contains(".env");
        assertThat(tmp.resolve("auth/passwd")).doesNotExist();

        Run colon = run(Map.of("MQTT_INGEST_PASSWORD", "a:b", "MQTT_DEVICE_PASSWORD", "y"));
        assertThat(colon.exit()).isEqualTo(2);
        assertThat(colon.output()).contains("must not contain ':'");
        assertThat(tmp.resolve("auth/passwd")).doesNotExist();
    }
}
