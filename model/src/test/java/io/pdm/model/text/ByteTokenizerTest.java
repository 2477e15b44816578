package io.pdm.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ByteTokenizerTest {
    private final ByteTokenizer tokenizer = new ByteTokenizer();

    @Test
    void encodesUtf8BytesAndDecodesThemBack() {
        String text = "Lager 3 überhitzt: 92 °C";

        int[] ids = tokenizer.encode(text);

        assertThat(ids).hasSize(text.getBytes(StandardCharsets.UTF_8).length);
        assertThat(Arrays.stream(ids).max().orElseThrow()).isLessThan(256);
        assertThat(tokenizer.encode("A")).containsExactly(65);
        assertThat(tokenizer.decode(ids)).isEqualTo(text);
    }

    @Test
    void specialsFollowTheBytesAndAreDroppedWhenDecoding() {
        assertThat(tokenizer.vocabSize()).isEqualTo(260);
        assertThat(new int[] {tokenizer.padId(), tokenizer.bosId(), tokenizer.eosId(), tokenizer.sepId()})
                .containsExactly(256, 257, 258, 259);
        assertThat(tokenizer.decode(new int[] {257, 104, 105, 259, 33, 258, 256, 256}))
                .isEqualTo("hi!");
    }

    @Test
    void malformedUtf8BecomesReplacementCharacters() {
        // 0xC3 starts a two-byte sequence but 0x28 cannot continue it; 0xFF is never valid UTF-8
        assertThat(tokenizer.decode(new int[] {0x61, 0xC3, 0x28, 0xFF, 0x62})).isEqualTo("a\uFFFD(\uFFFDb");
    }

    @Test
    void rejectsIdsOutsideTheVocabulary() {
        assertThatThrownBy(() -> tokenizer.decode(new int[] {260})).hasMessageContaining("260");
    }
}
