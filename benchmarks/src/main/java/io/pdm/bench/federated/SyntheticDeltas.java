package io.pdm.bench.federated;

import io.pdm.federated.rules.AggregationResult;
import io.pdm.federated.rules.DeltaBlocks;
import io.pdm.federated.rules.StreamingMean;
import io.pdm.model.lora.LoraConfig;
import io.pdm.model.lora.PeftAdapter;
import io.pdm.model.tensor.TensorDict;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Distinct random deltas for a simulated federation: plant p's values in coordinate block b come from a generator
 * seeded by (seed, p, b), so every plant's delta differs, any block can be regenerated without the rest (the
 * in-memory baseline reads them block-wise, as the spilled rules do), and the same seed gives the same round in the
 * aggregator's child JVM and in the bench. Values are uniform in ±0.01, example counts 1..64.
 *
 * @param parameters a multiple of 2 × {@link #RANK}: the seed adapter is one rank-8 LoRA pair of this size
 */
record SyntheticDeltas(long seed, int plants, int parameters) {

    static final int RANK = 8;
    private static final int BLOCK = 4096;
    private static final String LAYER = "model.layers.0.self_attn.q_proj.";

    SyntheticDeltas {
        if (plants < 1 || parameters < 2 * RANK || parameters % (2 * RANK) != 0) {
            throw new IllegalArgumentException("need at least one plant and a positive multiple of " + 2 * RANK
                    + " parameters, got " + plants + " plants, " + parameters + " parameters");
        }
    }

    /** Plant names sort in index order, so the aggregator's name order is the bench's. */
    static String plant(int index) {
        return String.format("plant-%05d", index);
    }

    List<String> plantNames() {
        return IntStream.range(0, plants).mapToObj(SyntheticDeltas::plant).toList();
    }

    long exampleCount(int plant) {
        return 1 + new SplittableRandom(seed ^ 0x5DEECE66DL ^ plant).nextInt(64);
    }

    /** The seed adapter (model names): one LoRA pair A [8, k] and B [k, 8] with 16·k = parameters. */
    PeftAdapter seedAdapter() {
        int k = parameters / (2 * RANK);
        float[] a = new float[RANK * k];
        java.util.Arrays.fill(a, 0.01f);
        TensorDict weights = TensorDict.builder()
                .put(LAYER + "lora_A.weight", a, RANK, k)
                .put(LAYER + "lora_B.weight", new float[k * RANK], k, RANK)
                .build();
        LoraConfig config = new LoraConfig(
                RANK, 2 * RANK, 0.0, List.of("q_proj"), List.of(), "pdm-scale-bench", "CAUSAL_LM", null, Map.of());
        return new PeftAdapter(config, weights);
    }

    float[] delta(int plant) {
        float[] values = new float[parameters];
        for (int from = 0; from < parameters; from += BLOCK) {
            fill(plant, from, values, from, Math.min(BLOCK, parameters - from));
        }
        return values;
    }

    private void fill(int plant, int from, float[] into, int offset, int length) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + plant * 0xC2B2AE3D27D4EB4FL + from);
        for (int i = 0; i < length; i++) {
            into[offset + i] = (float) ((random.nextDouble() * 2 - 1) * 0.01);
        }
    }

    /** FedAvg of every plant's delta, generated one at a time: the arithmetic alone, no network or database. */
    AggregationResult inMemoryFedAvg() {
        StreamingMean mean = new StreamingMean(parameters);
        for (int p = 0; p < plants; p++) {
            mean.add(plant(p), delta(p), exampleCount(p));
        }
        return mean.aggregate(null);
    }

    /** The deltas generated block by block, for the rules that need every delta. */
    DeltaBlocks blocks() {
        List<String> names = plantNames();
        return new DeltaBlocks() {
            @Override
            public List<String> plants() {
                return names;
            }

            @Override
            public long exampleCount(int index) {
                return SyntheticDeltas.this.exampleCount(index);
            }

            @Override
            public int dimension() {
                return parameters;
            }

            @Override
            public void forEachBlock(BlockVisitor visitor) {
                for (int from = 0; from < parameters; from += BLOCK) {
                    int length = Math.min(BLOCK, parameters - from);
                    float[][] slices = new float[plants][length];
                    for (int p = 0; p < plants; p++) {
                        fill(p, from, slices[p], 0, length);
                    }
                    visitor.visit(from, slices);
                }
            }
        };
    }
}
