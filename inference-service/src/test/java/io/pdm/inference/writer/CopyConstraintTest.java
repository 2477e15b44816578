package io.pdm.inference.writer;

import static org.assertj.core.api.Assertions.assertThat;

import io.pdm.model.text.ByteTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which bytes may come next while the writer copies a number or a log id, and that it is free elsewhere. */
class CopyConstraintTest {
    private static final String PROMPT = "asset: pump-07\nlife: 0.434 hours [0.0637, 0.803], stage degrading\n"
            + "log: [wo-12] 2025-11-04 inspect: bearing noisy\navoid: 0.5\nAlert:";
    private final CopyConstraint constraint = CopyConstraint.of(PROMPT);

    private List<Character> allowedAfter(String generated) {
        byte[] prompt = PROMPT.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] gen = generated.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] sequence = new int[prompt.length + gen.length];
        for (int i = 0; i < prompt.length; i++) sequence[i] = prompt[i] & 0xFF;
        for (int i = 0; i < gen.length; i++) sequence[prompt.length + i] = gen[i] & 0xFF;
        float[] logits = new float[ByteTokenizer.VOCAB_SIZE];
        constraint.restrict(sequence, prompt.length, sequence.length, logits);
        List<Character> allowed = new ArrayList<>();
        for (char c = 32; c < 127; c++) {
            if (logits[c] != Float.NEGATIVE_INFINITY) allowed.add(c);
        }
        return allowed;
    }

    @Test
    void aNumberContinuesOnlyAsANumberOfThePrompt() {
        assertThat(allowedAfter(" about 0.")).containsExactlyInAnyOrder('4', '0', '8');
        assertThat(allowedAfter(" about 0.4")).containsExactly('3');
        assertThat(allowedAfter(" about 0.434")).contains(' ', ',', ')', '.').doesNotContain('5', '1');
        assertThat(allowedAfter(" about ")).contains('0', '2', 'a', ' ').doesNotContain('5', '9', '3');
    }

    @Test
    void theAvoidLineIsNoSourceOfNumbers() {
        assertThat(allowedAfter(" about 0.")).doesNotContain('5');
    }

    @Test
    void aCitationContinuesOnlyAsALogIdOfThePrompt() {
        assertThat(allowedAfter(" See [")).containsExactly('w');
        assertThat(allowedAfter(" See [wo-1")).containsExactly('2');
        assertThat(allowedAfter(" See [wo-12")).containsExactly(']');
        assertThat(allowedAfter(" See [wo-12] on ")).contains('2').doesNotContain('9');
    }

    @Test
    void digitsInsideAnIdAndAfterAFullStopAreTheModelsChoice() {
        assertThat(allowedAfter(" pump-0")).contains('5', '7', '9');
        assertThat(allowedAfter(" s1")).contains('5', '9');
        assertThat(allowedAfter(" by 2025-11-04.")).contains(' ', '5');
    }
}
