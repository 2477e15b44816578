package io.pdm.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.text.TextTokenizer;
import java.util.List;

/**
 * Texts for the next-token objective: each is {@code <bos> text <eos>}, cut to a maximum length and
 * right-padded; the loss covers every real next token (padding is masked out).
 */
public final class TextExamples implements TrainingExamples {
    private final int[][] sequences;
    private final int maxLength;
    private final int padId;

    public TextExamples(List<String> texts, TextTokenizer tokenizer, int maxLength) {
        this.maxLength = maxLength;
        this.padId = tokenizer.padId();
        this.sequences = new int[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            int[] body = tokenizer.encode(texts.get(i));
            int length = Math.min(body.length + 2, maxLength + 1);
            int[] sequence = new int[length];
            sequence[0] = tokenizer.bosId();
            System.arraycopy(body, 0, sequence, 1, Math.min(body.length, length - 1));
            if (body.length + 2 <= maxLength + 1) {
                sequence[length - 1] = tokenizer.eosId();
            }
            sequences[i] = sequence;
        }
    }

    @Override
    public int size() {
        return sequences.length;
    }

    /** Tokens per example, the longest in the batch sets the width (at most {@code maxLength}). */
    @Override
    public Batch batch(NDManager manager, int[] indices) {
        int width = 1;
        for (int i : indices) {
            width = Math.max(width, sequences[i].length - 1);
        }
        long[] inputs = new long[indices.length * width];
        long[] targets = new long[indices.length * width];
        float[] mask = new float[indices.length * width];
        java.util.Arrays.fill(inputs, padId);
        java.util.Arrays.fill(targets, padId);
        for (int b = 0; b < indices.length; b++) {
            int[] s = sequences[indices[b]];
            for (int t = 0; t < s.length - 1; t++) {
                inputs[b * width + t] = s[t];
                targets[b * width + t] = s[t + 1];
                mask[b * width + t] = 1;
            }
        }
        Shape shape = new Shape(indices.length, width);
        return Batch.text(manager.create(inputs, shape), manager.create(targets, shape), manager.create(mask, shape));
    }

    int maxLength() {
        return maxLength;
    }
}
