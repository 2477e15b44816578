package io.pdm.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    @TempDir
    Path dir;

    @Test
    void aKeyOpensExactlyThePlantsItIsListedFor() throws Exception {
        Path file = Files.writeString(
                dir.resolve("keys"),
                "# comment\n\nplant-a " + ApiKeys.digestHex("k1") + "\nplant-b " + ApiKeys.digestHex("k1")
                        + "\nplant-c  " + ApiKeys.digestHex("k2") + "  \n");
        ApiKeys keys = ApiKeys.load(file);
        assertThat(keys.plantsOf("k1")).containsExactly("plant-a", "plant-b");
        assertThat(keys.plantsOf("k2")).containsExactly("plant-c");
        assertThat(keys.plantsOf("k3")).isEmpty();
        assertThat(keys.toString()).doesNotContain(ApiKeys.digestHex("k1"));
        // the digest is SHA-256 in hex, as `printf %s KEY | sha256sum` prints it
        assertThat(ApiKeys.digestHex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aMalformedLineNamesItsNumber() throws Exception {
        Path file = Files.writeString(
                dir.resolve("keys"), "plant-a " + ApiKeys.digestHex("k") + "\nplant-b plaintext-key\n");
        assertThatThrownBy(() -> ApiKeys.load(file))
                .hasMessageContaining("line 2")
                .hasMessageNotContaining("plaintext-key");
        Path empty = Files.writeString(dir.resolve("empty"), "# nothing\n");
        assertThatThrownBy(() -> ApiKeys.load(empty)).hasMessageContaining("no API key");
    }
}
