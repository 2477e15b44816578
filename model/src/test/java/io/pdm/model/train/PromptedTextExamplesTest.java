package io.pdm.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.pdm.model.text.ByteTokenizer;
import io.pdm.model.train.PromptedTextExamples.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptedTextExamplesTest {
    @Test
    void theCompletionCountsFullyThePromptWithItsWeightAndPaddingNotAtAll() {
        ByteTokenizer bytes = new ByteTokenizer();
        PromptedTextExamples examples =
                new PromptedTextExamples(List.of(new Pair("ab:", " xy\n"), new Pair("a:", " z\n")), bytes, 32, 0.25f);
        assertThat(examples.completionTokens(0)).isEqualTo(5); // " xy\n" and the end token
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch batch = examples.batch(manager, new int[] {0, 1});
            // <bos> a b : ␠ x y \n <eos>: 8 inputs; the first 3 targets (a, b, :) are the prompt's
            assertThat(batch.tokens().getShape().getShape()).containsExactly(2, 8);
            assertThat(batch.tokenMask().toFloatArray())
                    .containsExactly(
                            0.25f, 0.25f, 0.25f, 1, 1, 1, 1, 1, //
                            0.25f, 0.25f, 1, 1, 1, 1, 0, 0);
            long[] targets = batch.tokenTargets().toLongArray();
            assertThat(targets[3]).isEqualTo(' ');
            assertThat(targets[7]).isEqualTo(ByteTokenizer.EOS);
            assertThat(batch.tokens().toLongArray()[0]).isEqualTo(ByteTokenizer.BOS);
        }
    }

    @Test
    void aPairLongerThanTheContextIsRefusedNotCut() {
        assertThatThrownBy(() -> new PromptedTextExamples(
                        List.of(new Pair("x".repeat(20), " y\n")), new ByteTokenizer(), 16, 0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pair 0 needs 24 positions (begin token, prompt, text), more than the context of 16");
        assertThatThrownBy(() -> new Pair("p", "")).hasMessage("a pair needs a prompt and a non-empty completion");
        assertThatThrownBy(() -> new PromptedTextExamples(List.of(), new ByteTokenizer(), 16, 2f))
                .hasMessage("prompt weight must be in [0, 1], was 2.0");
    }
}
