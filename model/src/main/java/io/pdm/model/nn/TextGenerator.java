package io.pdm.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;

/**
 * Autoregressive decoding: greedy at temperature 0, otherwise top-k sampling from a seeded Java
 * random source (so a seed reproduces the text). With the KV cache each new token costs one position;
 * without it the whole prefix is recomputed (kept for checking the cache).
 */
public final class TextGenerator {

    /** @param topK 0 = the whole vocabulary */
    public record Sampling(int maxNewTokens, double temperature, int topK, long seed, int stopToken, boolean useCache) {
        public static Sampling greedy(int maxNewTokens, int stopToken) {
            return new Sampling(maxNewTokens, 0, 0, 0, stopToken, true);
        }
    }

    /**
     * Restricts the next token before it is chosen (constrained decoding): sets the logits of tokens that may not come
     * next to negative infinity. It must leave at least one token allowed.
     */
    @FunctionalInterface
    public interface Constraint {
        /**
         * @param sequence the prompt followed by the tokens generated so far
         * @param promptLength where the generated tokens start
         * @param length tokens in {@code sequence} so far
         */
        void restrict(int[] sequence, int promptLength, int length, float[] logits);
    }

    private TextGenerator() {}

    /** As {@link #generate(PdmTransformer, NDArray, int[], Sampling, Constraint)} without a constraint. */
    public static int[] generate(PdmTransformer model, NDArray sensors, int[] prompt, Sampling sampling) {
        return generate(model, sensors, prompt, sampling, null);
    }

    /**
     * Continues {@code prompt} (non-empty) after an optional sensor window (1, T, C).
     *
     * @param constraint restricts each next token (null: none)
     * @return the generated token ids, without the prompt, ending before the stop token
     */
    public static int[] generate(
            PdmTransformer model, NDArray sensors, int[] prompt, Sampling sampling, Constraint constraint) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("generation needs at least one prompt token");
        }
        Random random = new Random(sampling.seed());
        int[] sequence = Arrays.copyOf(prompt, prompt.length + sampling.maxNewTokens());
        int length = prompt.length;
        NDManager manager = model.manager();
        try (NDScope scope = new NDScope();
                KvCache cache = sampling.useCache() ? new KvCache(model.shape().layers()) : null) {
            NDArray pending = tokens(manager, sequence, 0, length);
            boolean first = true;
            while (length < sequence.length) {
                NDArray logits;
                try (NDScope step = new NDScope()) {
                    ModelOutput out = model.forward(first || cache == null ? sensors : null, pending, cache, false);
                    logits = out.tokenLogits().get(new NDIndex("0, -1, :"));
                    float[] last = logits.toFloatArray();
                    if (cache != null) {
                        cache.keepAlive();
                    }
                    if (constraint != null) {
                        constraint.restrict(sequence, prompt.length, length, last);
                    }
                    int next = choose(last, sampling, random);
                    if (next == sampling.stopToken()) {
                        break;
                    }
                    sequence[length++] = next;
                }
                first = false;
                pending = cache != null
                        ? tokens(manager, sequence, length - 1, length)
                        : tokens(manager, sequence, 0, length);
            }
        }
        return Arrays.copyOfRange(sequence, prompt.length, length);
    }

    /**
     * Continues several prompts of one length together, one forward pass per step for the whole batch (with the KV
     * cache): a step costs about what one sequence's does, since DJL's per-operation overhead dominates at these sizes.
     * Equal lengths need no padding or attention mask; a row that has stopped is fed its stop token until the last row
     * stops, and what follows its stop is dropped, so each row's text is the one it would get alone (causal attention:
     * a row never sees another). Sampling seeds row {@code i} with {@code seeds[i]}. Checks the thread's interrupt
     * flag between steps, so a caller that gave up stops the work.
     *
     * @return each row's generated ids, without the prompt, ending before the stop token
     */
    public static int[][] generateBatch(PdmTransformer model, int[][] prompts, Sampling sampling, long[] seeds) {
        int rows = prompts.length;
        if (rows == 0) {
            return new int[0][];
        }
        int promptLength = prompts[0].length;
        if (promptLength == 0 || seeds.length != rows) {
            throw new IllegalArgumentException("a batch needs non-empty prompts and one seed per row");
        }
        for (int[] p : prompts) {
            if (p.length != promptLength) {
                throw new IllegalArgumentException(
                        "a batch's prompts must have one length, got " + p.length + " and " + promptLength);
            }
        }
        Random[] random = new Random[rows];
        int[][] generated = new int[rows][sampling.maxNewTokens()];
        int[] lengths = new int[rows];
        boolean[] done = new boolean[rows];
        long[] first = new long[rows * promptLength];
        for (int b = 0; b < rows; b++) {
            random[b] = new Random(seeds[b]);
            for (int t = 0; t < promptLength; t++) {
                first[b * promptLength + t] = prompts[b][t];
            }
        }
        NDManager manager = model.manager();
        int open = rows;
        try (NDScope scope = new NDScope();
                KvCache cache = new KvCache(model.shape().layers())) {
            NDArray pending = manager.create(first, new Shape(rows, promptLength));
            for (int step = 0; step < sampling.maxNewTokens() && open > 0; step++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("generation interrupted");
                }
                long[] next = new long[rows];
                try (NDScope inner = new NDScope()) {
                    ModelOutput out = model.forward(null, pending, cache, false);
                    float[] all = out.tokenLogits().get(new NDIndex(":, -1, :")).toFloatArray();
                    cache.keepAlive();
                    int vocab = all.length / rows;
                    for (int b = 0; b < rows; b++) {
                        next[b] = sampling.stopToken();
                        if (done[b]) {
                            continue;
                        }
                        float[] logits = Arrays.copyOfRange(all, b * vocab, (b + 1) * vocab);
                        int token = choose(logits, sampling, random[b]);
                        if (token == sampling.stopToken()) {
                            done[b] = true;
                            open--;
                        } else {
                            generated[b][lengths[b]++] = token;
                            next[b] = token;
                        }
                    }
                }
                pending = manager.create(next, new Shape(rows, 1));
            }
        }
        int[][] out = new int[rows][];
        for (int b = 0; b < rows; b++) {
            out[b] = Arrays.copyOf(generated[b], lengths[b]);
        }
        return out;
    }

    private static NDArray tokens(NDManager manager, int[] sequence, int from, int to) {
        long[] ids = new long[to - from];
        for (int i = from; i < to; i++) {
            ids[i - from] = sequence[i];
        }
        return manager.create(ids, new Shape(1, ids.length));
    }

    static int choose(float[] logits, Sampling sampling, Random random) {
        if (sampling.temperature() <= 0) {
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            return best;
        }
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        int k = sampling.topK() <= 0 ? logits.length : Math.min(sampling.topK(), logits.length);
        double[] weights = new double[k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            weights[i] = Math.exp((logits[order[i]] - logits[order[0]]) / sampling.temperature());
            total += weights[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < k; i++) {
            u -= weights[i];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[k - 1];
    }
}
