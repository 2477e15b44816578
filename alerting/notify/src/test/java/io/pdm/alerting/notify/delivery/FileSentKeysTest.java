package io.pdm.alerting.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable dedup memory: what was sent survives a reopen, what was only claimed or failed does not. */
class FileSentKeysTest {
    @TempDir
    Path dir;

    @Test
    void aSentKeyIsRememberedAfterAReopenAndAClaimedOneIsNot() throws Exception {
        Path file = dir.resolve("notify/sent-keys");
        try (FileSentKeys keys = FileSentKeys.open(file, 100)) {
            assertThat(keys.claim("email:a@x", "evt-1")).isTrue();
            assertThat(keys.claim("email:a@x", "evt-1")).as("being sent").isFalse();
            keys.sent("email:a@x", "evt-1");
            assertThat(keys.claim("email:b@x", "evt-2")).isTrue(); // crash before the answer: not recorded
            assertThat(keys.claim("email:b@x", "evt-3")).isTrue();
            keys.release("email:b@x", "evt-3");
        }
        try (FileSentKeys keys = FileSentKeys.open(file, 100)) {
            assertThat(keys.size()).isEqualTo(1);
            assertThat(keys.claim("email:a@x", "evt-1"))
                    .as("sent before the restart")
                    .isFalse();
            assertThat(keys.claim("email:a@x", "evt-1-other")).isTrue();
            assertThat(keys.claim("email:b@x", "evt-2"))
                    .as("claimed, never answered: send again")
                    .isTrue();
            assertThat(keys.claim("email:b@x", "evt-3"))
                    .as("failed: send again")
                    .isTrue();
        }
        assertThat(Files.readString(file))
                .as("hashes only: a webhook URL may hold a secret")
                .doesNotContain("a@x")
                .matches("([0-9a-f]{32}\n)+");
    }

    @Test
    void aTornLastLineIsCutOffAndTheNextKeyIsReadable() throws Exception {
        Path file = dir.resolve("sent-keys");
        try (FileSentKeys keys = FileSentKeys.open(file, 100)) {
            keys.sent("r", "evt-1");
        }
        Files.write(
                file, "0123abc".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND); // a crash mid-write
        try (FileSentKeys keys = FileSentKeys.open(file, 100)) {
            assertThat(keys.wasSent("r", "evt-1")).isTrue();
            keys.sent("r", "evt-2");
        }
        try (FileSentKeys keys = FileSentKeys.open(file, 100)) {
            assertThat(keys.size()).isEqualTo(2);
            assertThat(keys.wasSent("r", "evt-2"))
                    .as("not glued to the torn line")
                    .isTrue();
        }
    }

    @Test
    void keepsTheNewestPastCapacityAndCompactsTheFile() throws Exception {
        Path file = dir.resolve("sent-keys");
        try (FileSentKeys keys = FileSentKeys.open(file, 3)) {
            for (int i = 0; i < 10; i++) keys.sent("r", "evt-" + i);
            assertThat(keys.size()).isEqualTo(3);
        }
        assertThat(Files.readAllLines(file).size())
                .as("rewritten at twice the capacity")
                .isLessThanOrEqualTo(6);
        try (FileSentKeys keys = FileSentKeys.open(file, 3)) {
            assertThat(keys.wasSent("r", "evt-9")).isTrue();
            assertThat(keys.wasSent("r", "evt-7")).isTrue();
            assertThat(keys.wasSent("r", "evt-0"))
                    .as("forgotten: left to the receiver's idempotency key")
                    .isFalse();
        }
    }
}
