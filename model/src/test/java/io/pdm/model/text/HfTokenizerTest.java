package io.pdm.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs DJL's native tokenizers library (bundled in the tokenizers jar) on a hand-written vocabulary. */
class HfTokenizerTest {
    private static final String WORD_LEVEL = """
            {
              "version": "1.0",
              "truncation": null,
              "padding": null,
              "added_tokens": [
                {"id": 0, "content": "<pad>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                {"id": 1, "content": "<bos>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                {"id": 2, "content": "<eos>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                {"id": 3, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}
              ],
              "normalizer": {"type": "Lowercase"},
              "pre_tokenizer": {"type": "Whitespace"},
              "post_processor": null,
              "decoder": null,
              "model": {
                "type": "WordLevel",
                "vocab": {"<pad>": 0, "<bos>": 1, "<eos>": 2, "<unk>": 3, "bearing": 4, "pump": 5,
                          "replaced": 6, "the": 7, "on": 8, "seal": 9, "leaking": 10, ".": 11},
                "unk_token": "<unk>"
              }
            }
            """;

    @Test
    void encodesAndDecodesWithAWordLevelVocabulary(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), WORD_LEVEL);

        try (HfTokenizer tokenizer = HfTokenizer.load(file, HfTokenizer.SpecialTokens.DEFAULT)) {
            int[] ids = tokenizer.encode("Replaced the bearing on the PUMP.");

            assertThat(ids).containsExactly(6, 7, 4, 8, 7, 5, 11);
            assertThat(tokenizer.decode(ids)).isEqualTo("replaced the bearing on the pump .");
            assertThat(tokenizer.encode("seal gasket")).containsExactly(9, 3);
            assertThat(tokenizer.decode(new int[] {1, 9, 10, 2, 0})).isEqualTo("seal leaking");
            assertThat(tokenizer.vocabSize()).isEqualTo(12);
            assertThat(new int[] {tokenizer.bosId(), tokenizer.eosId(), tokenizer.padId()})
                    .containsExactly(1, 2, 0);
            assertThat(tokenizer.name()).matches("hf:tokenizer\\.json@[0-9a-f]{12}");
        }
    }

    @Test
    void rejectsSpecialTokensMissingFromTheVocabulary(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), WORD_LEVEL);

        assertThatThrownBy(() -> HfTokenizer.load(file, new HfTokenizer.SpecialTokens("<s>", "</s>", "<pad>")))
                .hasMessageContaining("has no token '<s>'");
    }
}
