package io.pdm.federated.rules;

import io.pdm.federated.dp.GaussianDeltaMechanism;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Every aggregation rule computed block by block over {@link DeltaBlocks}, for rounds whose deltas are spilled to
 * disk: memory is one block × n plants plus a few vectors of the model's dimension (the result, a median, a sum),
 * never n whole deltas. Each rule uses exactly the arithmetic of its in-memory form in the same order per
 * coordinate, and running sums (norms, dot products, distances) carry over from block to block instead of being
 * summed per block, so result and report are bit-identical to {@code rule.aggregate(updates)} with the updates in
 * {@link DeltaBlocks#plants()} order (BlockedRulesTest checks every rule).
 */
public final class BlockedRules {

    private BlockedRules() {}

    /** @param reference the aggregator's own update for rules that need one (FLTrust), else ignored (may be null) */
    public static AggregationResult aggregate(AggregationRule rule, DeltaBlocks blocks, float[] reference) {
        int n = blocks.plants().size();
        if (n == 0) {
            throw new IllegalArgumentException("no client updates to aggregate");
        }
        int[] all = IntStream.range(0, n).toArray();
        if (rule instanceof FedAvg) {
            return fedAvg(blocks, all, null);
        } else if (rule instanceof TrimmedMean trimmed) {
            return trimmed(blocks, (int) Math.floor(trimmed.trimFraction() * n));
        } else if (rule instanceof CoordinateMedian) {
            return trimmed(blocks, (n - 1) / 2);
        } else if (rule instanceof NormBoundedMean) {
            return normBounded(blocks, all, norms(blocks));
        } else if (rule instanceof FilteredMean filtered) {
            return filtered(filtered, blocks);
        } else if (rule instanceof Krum krum) {
            return krum(krum, blocks);
        } else if (rule instanceof FlTrust) {
            return flTrust(blocks, reference);
        }
        throw new IllegalArgumentException(
                rule.getClass().getSimpleName() + " has no block-wise form: add one to BlockedRules");
    }

    /** FedAvg over {@code members}, each scaled first when {@code scales[k] != 1} (as NormBoundedMean does). */
    private static AggregationResult fedAvg(DeltaBlocks blocks, int[] members, double[] scales) {
        double[] weights =
                Arrays.stream(members).mapToDouble(blocks::exampleCount).toArray();
        WeightedMeanAccumulator accumulator = sum(blocks, members, scales, weights);
        Map<String, Double> weightByPlant = new LinkedHashMap<>();
        for (int member : members) {
            weightByPlant.put(blocks.plants().get(member), blocks.exampleCount(member) / accumulator.totalWeight());
        }
        return new AggregationResult(accumulator.mean(), new AggregationReport.WeightedMean(weightByPlant));
    }

    private static WeightedMeanAccumulator sum(DeltaBlocks blocks, int[] members, double[] scales, double[] weights) {
        WeightedMeanAccumulator accumulator = new WeightedMeanAccumulator(blocks.dimension());
        blocks.forEachBlock((from, slices) -> {
            for (int k = 0; k < members.length; k++) {
                float[] values = slices[members[k]];
                accumulator.addBlock(
                        from, scales == null || scales[k] == 1 ? values : scaled(values, scales[k]), weights[k]);
            }
        });
        for (double weight : weights) {
            accumulator.countClient(weight);
        }
        return accumulator;
    }

    private static AggregationResult trimmed(DeltaBlocks blocks, int trimPerSide) {
        List<String> plants = blocks.plants();
        int n = plants.size();
        if (trimPerSide < 0 || 2 * trimPerSide >= n) {
            throw new IllegalArgumentException("cannot trim " + trimPerSide + " per side from " + n + " clients");
        }
        int[] all = IntStream.range(0, n).toArray();
        float[] result = new float[blocks.dimension()];
        long[] counts = new long[n];
        blocks.forEachBlock((from, slices) -> {
            AggregationResult block = CoordinateTrim.aggregate(updates(blocks, all, slices), trimPerSide);
            float[] values = block.delta();
            System.arraycopy(values, 0, result, from, values.length);
            Map<String, Long> byPlant = ((AggregationReport.CoordinateTrim) block.report()).trimmedCoordinatesByPlant();
            for (int i = 0; i < n; i++) {
                counts[i] += byPlant.get(plants.get(i));
            }
        });
        Map<String, Long> byPlant = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byPlant.put(plants.get(i), counts[i]);
        }
        return new AggregationResult(
                result, new AggregationReport.CoordinateTrim(trimPerSide, blocks.dimension(), byPlant));
    }

    private static AggregationResult normBounded(DeltaBlocks blocks, int[] members, double[] norms) {
        double[] memberNorms = Arrays.stream(members).mapToDouble(i -> norms[i]).toArray();
        double bound = UpdateNorms.of(memberNorms).median();
        double[] scales = new double[members.length];
        Map<String, Double> scaleByPlant = new LinkedHashMap<>();
        for (int k = 0; k < members.length; k++) {
            scales[k] = memberNorms[k] > bound ? bound / memberNorms[k] : 1;
            scaleByPlant.put(blocks.plants().get(members[k]), scales[k]);
        }
        AggregationResult mean = fedAvg(blocks, members, scales);
        Map<String, Double> weights = ((AggregationReport.WeightedMean) mean.report()).weightByPlant();
        return new AggregationResult(mean.delta(), new AggregationReport.NormBounded(bound, scaleByPlant, weights));
    }

    private static AggregationResult filtered(FilteredMean rule, DeltaBlocks blocks) {
        List<String> plants = blocks.plants();
        double[] norms = norms(blocks);
        double medianNorm = UpdateNorms.of(norms).median();
        Map<String, Double> normRatios = new LinkedHashMap<>();
        List<Integer> normalList = new ArrayList<>();
        for (int i = 0; i < plants.size(); i++) {
            double ratio = medianNorm > 0 ? norms[i] / medianNorm : norms[i] == 0 ? 1 : Double.POSITIVE_INFINITY;
            normRatios.put(plants.get(i), ratio);
            if (ratio <= rule.maxNormRatio()) {
                normalList.add(i);
            }
        }
        int[] normal = normalList.stream().mapToInt(Integer::intValue).toArray();
        float[] median = new float[blocks.dimension()];
        blocks.forEachBlock((from, slices) -> {
            float[] values = CoordinateTrim.aggregate(updates(blocks, normal, slices), (normal.length - 1) / 2)
                    .delta();
            System.arraycopy(values, 0, median, from, values.length);
        });
        double[] dots = dots(blocks, normal, median);
        double medianL2 = GaussianDeltaMechanism.l2Norm(median);
        Map<String, Double> cosines = new LinkedHashMap<>();
        List<Integer> kept = new ArrayList<>();
        for (int k = 0; k < normal.length; k++) {
            double cosine = cosine(dots[k], norms[normal[k]], medianL2);
            cosines.put(plants.get(normal[k]), cosine);
            if (cosine > rule.minCosine()) {
                kept.add(normal[k]);
            }
        }
        int[] counted = kept.isEmpty()
                ? normal
                : kept.stream().mapToInt(Integer::intValue).toArray();
        List<String> countedPlants =
                Arrays.stream(counted).mapToObj(plants::get).toList();
        List<String> rejected =
                plants.stream().filter(plant -> !countedPlants.contains(plant)).toList();
        AggregationResult bounded = normBounded(blocks, counted, norms);
        return new AggregationResult(
                bounded.delta(),
                new AggregationReport.Filtered(
                        normRatios, cosines, rejected, (AggregationReport.NormBounded) bounded.report()));
    }

    private static AggregationResult krum(Krum rule, DeltaBlocks blocks) {
        List<String> plants = blocks.plants();
        int n = plants.size();
        int neighbours = n - rule.byzantineCount() - 2;
        if (neighbours < 1 || rule.selectCount() > n) {
            throw new IllegalArgumentException("Krum with f=" + rule.byzantineCount() + ", m=" + rule.selectCount()
                    + " needs at least " + Math.max(rule.byzantineCount() + 3, rule.selectCount()) + " clients, got "
                    + n);
        }
        double[][] distances = new double[n][n];
        blocks.forEachBlock((from, slices) -> IntStream.range(0, n).parallel().forEach(i -> {
            float[] a = slices[i];
            for (int j = i + 1; j < n; j++) {
                float[] b = slices[j];
                double sum = distances[i][j];
                for (int k = 0; k < a.length; k++) {
                    double diff = (double) a[k] - b[k];
                    sum += diff * diff;
                }
                distances[i][j] = sum;
            }
        }));
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            double[] others = new double[n - 1];
            for (int j = 0, k = 0; j < n; j++) {
                if (j != i) {
                    others[k++] = i < j ? distances[i][j] : distances[j][i];
                }
            }
            Arrays.sort(others);
            for (int k = 0; k < neighbours; k++) {
                scores[i] += others[k];
            }
        }
        int[] byScore = IntStream.range(0, n)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> scores[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
        int[] selected = Arrays.copyOf(byScore, rule.selectCount());
        double[] ones = new double[selected.length];
        Arrays.fill(ones, 1.0);
        float[] mean = sum(blocks, selected, null, ones).mean();
        Map<String, Double> scoreByPlant = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            scoreByPlant.put(plants.get(i), scores[i]);
        }
        return new AggregationResult(
                mean,
                new AggregationReport.KrumSelection(
                        scoreByPlant,
                        Arrays.stream(selected).mapToObj(plants::get).toList(),
                        Arrays.stream(byScore, selected.length, n)
                                .mapToObj(plants::get)
                                .toList()));
    }

    private static AggregationResult flTrust(DeltaBlocks blocks, float[] reference) {
        int dimension = blocks.dimension();
        if (reference == null || reference.length != dimension) {
            throw new IllegalArgumentException("FLTrust needs a reference update of dimension " + dimension);
        }
        List<String> plants = blocks.plants();
        int n = plants.size();
        double referenceNorm = GaussianDeltaMechanism.l2Norm(reference);
        double[] norms = norms(blocks);
        double[] dots = dots(blocks, IntStream.range(0, n).toArray(), reference);
        Map<String, Double> trust = new LinkedHashMap<>();
        List<String> rejected = new ArrayList<>();
        double[] factors = new double[n];
        double totalTrust = 0;
        for (int i = 0; i < n; i++) {
            double score = Math.max(0, cosine(dots[i], norms[i], referenceNorm));
            trust.put(plants.get(i), score);
            if (score == 0) {
                rejected.add(plants.get(i));
                continue;
            }
            factors[i] = score * referenceNorm / norms[i];
            totalTrust += score;
        }
        double[] sum = new double[dimension];
        blocks.forEachBlock((from, slices) -> {
            for (int i = 0; i < n; i++) {
                if (factors[i] == 0) {
                    continue;
                }
                float[] delta = slices[i];
                for (int j = 0; j < delta.length; j++) {
                    sum[from + j] += factors[i] * delta[j];
                }
            }
        });
        float[] result = new float[dimension];
        if (totalTrust > 0) {
            for (int i = 0; i < dimension; i++) {
                result[i] = (float) (sum[i] / totalTrust);
            }
        }
        return new AggregationResult(result, new AggregationReport.Trusted(trust, rejected, referenceNorm));
    }

    /** Every plant's L2 norm, accumulated as {@link GaussianDeltaMechanism#l2Norm} does, across blocks. */
    private static double[] norms(DeltaBlocks blocks) {
        double[] sumsOfSquares = new double[blocks.plants().size()];
        blocks.forEachBlock((from, slices) -> {
            for (int i = 0; i < slices.length; i++) {
                double sum = sumsOfSquares[i];
                for (float value : slices[i]) {
                    sum += (double) value * value;
                }
                sumsOfSquares[i] = sum;
            }
        });
        return Arrays.stream(sumsOfSquares).map(Math::sqrt).toArray();
    }

    /** The dot product of each member with {@code other}, accumulated as {@link FilteredMean#cosine} does. */
    private static double[] dots(DeltaBlocks blocks, int[] members, float[] other) {
        double[] dots = new double[members.length];
        blocks.forEachBlock((from, slices) -> {
            for (int k = 0; k < members.length; k++) {
                float[] a = slices[members[k]];
                double dot = dots[k];
                for (int j = 0; j < a.length; j++) {
                    dot += (double) a[j] * other[from + j];
                }
                dots[k] = dot;
            }
        });
        return dots;
    }

    /** {@link FilteredMean#cosine} from its parts. */
    private static double cosine(double dot, double normA, double normB) {
        double norms = normA * normB;
        return norms == 0 ? 0 : dot / norms;
    }

    private static List<ClientUpdate> updates(DeltaBlocks blocks, int[] members, float[][] slices) {
        List<ClientUpdate> updates = new ArrayList<>(members.length);
        for (int member : members) {
            updates.add(new ClientUpdate(blocks.plants().get(member), slices[member], blocks.exampleCount(member)));
        }
        return updates;
    }

    private static float[] scaled(float[] vector, double scale) {
        float[] out = new float[vector.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (vector[i] * scale);
        }
        return out;
    }
}
