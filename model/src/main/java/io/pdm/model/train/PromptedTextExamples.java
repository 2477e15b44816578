package io.pdm.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pdm.model.text.TextTokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * Prompt and completion pairs for the next-token objective, as a writer is trained: each example is
 * {@code <bos> prompt completion <eos>}. The completion's tokens count fully in the loss; the prompt's count with
 * {@code promptWeight} (0 ignores them): a writer must learn to continue a prompt, and a small weight on the prompt
 * still teaches the byte statistics of what it reads (numbers, ids, the maintenance logs' phrasing). A pair longer
 * than {@code maxLength} is refused, never cut: a cut prompt would train the model to answer facts it cannot see.
 */
public final class PromptedTextExamples implements TrainingExamples {
    /** One training pair; the completion must not be empty. */
    public record Pair(String prompt, String completion) {
        public Pair {
            if (prompt == null || completion == null || completion.isEmpty()) {
                throw new IllegalArgumentException("a pair needs a prompt and a non-empty completion");
            }
        }
    }

    private final int[][] sequences;
    private final int[] promptLengths;
    private final int padId;
    private final float promptWeight;

    public PromptedTextExamples(List<Pair> pairs, TextTokenizer tokenizer, int maxLength, float promptWeight) {
        if (!(promptWeight >= 0 && promptWeight <= 1)) {
            throw new IllegalArgumentException("prompt weight must be in [0, 1], was " + promptWeight);
        }
        this.padId = tokenizer.padId();
        this.promptWeight = promptWeight;
        this.sequences = new int[pairs.size()][];
        this.promptLengths = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            int[] prompt = tokenizer.encode(pairs.get(i).prompt());
            int[] completion = tokenizer.encode(pairs.get(i).completion());
            int length = 1 + prompt.length + completion.length + 1;
            if (length > maxLength + 1) {
                throw new IllegalArgumentException("pair " + i + " needs " + (length - 1)
                        + " positions (begin token, prompt, text), more than the context of " + maxLength);
            }
            int[] s = new int[length];
            s[0] = tokenizer.bosId();
            System.arraycopy(prompt, 0, s, 1, prompt.length);
            System.arraycopy(completion, 0, s, 1 + prompt.length, completion.length);
            s[length - 1] = tokenizer.eosId();
            sequences[i] = s;
            promptLengths[i] = 1 + prompt.length;
        }
    }

    @Override
    public int size() {
        return sequences.length;
    }

    /** Right-padded to the longest example of the batch; padding is masked out. */
    @Override
    public Batch batch(NDManager manager, int[] indices) {
        int width = 1;
        for (int i : indices) {
            width = Math.max(width, sequences[i].length - 1);
        }
        long[] inputs = new long[indices.length * width];
        long[] targets = new long[indices.length * width];
        float[] mask = new float[indices.length * width];
        Arrays.fill(inputs, padId);
        Arrays.fill(targets, padId);
        for (int b = 0; b < indices.length; b++) {
            int[] s = sequences[indices[b]];
            int promptLength = promptLengths[indices[b]];
            for (int t = 0; t < s.length - 1; t++) {
                inputs[b * width + t] = s[t];
                targets[b * width + t] = s[t + 1];
                // target t+1 belongs to the completion once it is past the prompt
                mask[b * width + t] = t + 1 >= promptLength ? 1f : promptWeight;
            }
        }
        Shape shape = new Shape(indices.length, width);
        return Batch.text(manager.create(inputs, shape), manager.create(targets, shape), manager.create(mask, shape));
    }

    /** Tokens of example {@code i} whose targets belong to the completion (for tests and reports). */
    public int completionTokens(int i) {
        return sequences[i].length - promptLengths[i];
    }
}
