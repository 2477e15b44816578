package io.pdm.model.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * An immutable set of named tensors (a state dict), sorted by name so that iteration and
 * {@link #flatten()} have one order on every machine. Carries the arithmetic federated averaging
 * needs (difference, weighted sum, scale, norm); binary operations require the same layout (names
 * and shapes) and name the first tensor that differs otherwise. Loops run over primitive arrays and
 * accumulate in double.
 */
public final class TensorDict {
    private static final TensorDict EMPTY = new TensorDict(new TreeMap<>());

    private final NavigableMap<String, HostTensor> tensors;

    private TensorDict(TreeMap<String, HostTensor> tensors) {
        this.tensors = Collections.unmodifiableNavigableMap(tensors);
    }

    public static TensorDict empty() {
        return EMPTY;
    }

    public static TensorDict of(Map<String, HostTensor> tensors) {
        Builder builder = builder();
        tensors.forEach(builder::put);
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tensor called {@code name}; throws {@link NoSuchElementException} naming it when absent. */
    public HostTensor get(String name) {
        HostTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new NoSuchElementException("no tensor '" + name + "' among " + tensors.size());
        }
        return tensor;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** Names in sorted order (unmodifiable). */
    public SortedSet<String> names() {
        return tensors.navigableKeySet();
    }

    /** Name → tensor in sorted order (unmodifiable). */
    public SortedMap<String, HostTensor> asMap() {
        return tensors;
    }

    /** Number of tensors. */
    public int size() {
        return tensors.size();
    }

    public boolean isEmpty() {
        return tensors.isEmpty();
    }

    /** Total number of values over all tensors. */
    public long numel() {
        long numel = 0;
        for (HostTensor t : tensors.values()) {
            numel += t.numel();
        }
        return numel;
    }

    /** Name → shape, sorted by name. */
    public SortedMap<String, List<Long>> layout() {
        TreeMap<String, List<Long>> layout = new TreeMap<>();
        tensors.forEach(
                (name, t) -> layout.put(name, Arrays.stream(t.dims()).boxed().toList()));
        return Collections.unmodifiableSortedMap(layout);
    }

    /** Whether {@code other} has the same names with the same shapes. */
    public boolean sameLayout(TensorDict other) {
        return layoutDifference(other) == null;
    }

    /** Throws {@link IllegalArgumentException} naming the first tensor whose name or shape differs. */
    public void requireSameLayout(TensorDict other) {
        String difference = layoutDifference(other);
        if (difference != null) {
            throw new IllegalArgumentException("layouts differ: " + difference);
        }
    }

    public TensorDict plus(TensorDict other) {
        return weightedSum(List.of(this, other), new double[] {1, 1});
    }

    public TensorDict minus(TensorDict other) {
        return weightedSum(List.of(this, other), new double[] {1, -1});
    }

    public TensorDict scale(double factor) {
        return weightedSum(List.of(this), new double[] {factor});
    }

    /**
     * Σ weights[k]·dicts[k], element by element, summed in double and rounded once to float.
     * All dicts must have the same layout.
     */
    public static TensorDict weightedSum(List<TensorDict> dicts, double[] weights) {
        if (dicts.isEmpty() || dicts.size() != weights.length) {
            throw new IllegalArgumentException(dicts.size() + " dicts need as many weights, got " + weights.length);
        }
        TensorDict first = dicts.get(0);
        for (int k = 1; k < dicts.size(); k++) {
            String difference = first.layoutDifference(dicts.get(k));
            if (difference != null) {
                throw new IllegalArgumentException("dict " + k + " differs from dict 0: " + difference);
            }
        }
        TreeMap<String, HostTensor> out = new TreeMap<>();
        float[][] sources = new float[dicts.size()][];
        for (Map.Entry<String, HostTensor> entry : first.tensors.entrySet()) {
            for (int k = 0; k < sources.length; k++) {
                sources[k] = dicts.get(k).tensors.get(entry.getKey()).values();
            }
            out.put(entry.getKey(), new HostTensor(entry.getValue().dims(), weightedSum(sources, weights)));
        }
        return new TensorDict(out);
    }

    private static float[] weightedSum(float[][] sources, double[] weights) {
        float[] result = new float[sources[0].length];
        for (int i = 0; i < result.length; i++) {
            double sum = 0;
            for (int k = 0; k < sources.length; k++) {
                sum += weights[k] * sources[k][i];
            }
            result[i] = (float) sum;
        }
        return result;
    }

    /** The Euclidean norm of all values taken together, accumulated in double. */
    public double l2Norm() {
        double sumOfSquares = 0;
        for (HostTensor t : tensors.values()) {
            for (float v : t.values()) {
                sumOfSquares += (double) v * v;
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /** Whether no value is NaN or infinite. */
    public boolean allFinite() {
        for (HostTensor t : tensors.values()) {
            for (float v : t.values()) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** All values concatenated in name order. */
    public float[] flatten() {
        long numel = numel();
        if (numel > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(numel + " values do not fit in one array");
        }
        float[] flat = new float[(int) numel];
        int offset = 0;
        for (HostTensor t : tensors.values()) {
            System.arraycopy(t.values(), 0, flat, offset, t.numel());
            offset += t.numel();
        }
        return flat;
    }

    /** The inverse of {@link #flatten()}: a dict with this layout holding {@code flat}'s values. */
    public TensorDict unflatten(float[] flat) {
        if (flat.length != numel()) {
            throw new IllegalArgumentException("layout holds " + numel() + " values, got " + flat.length);
        }
        TreeMap<String, HostTensor> out = new TreeMap<>();
        int offset = 0;
        for (Map.Entry<String, HostTensor> entry : tensors.entrySet()) {
            int n = entry.getValue().numel();
            out.put(
                    entry.getKey(),
                    new HostTensor(entry.getValue().dims(), Arrays.copyOfRange(flat, offset, offset + n)));
            offset += n;
        }
        return new TensorDict(out);
    }

    /** The tensors whose name passes {@code keep}. */
    public TensorDict filter(Predicate<String> keep) {
        TreeMap<String, HostTensor> out = new TreeMap<>();
        tensors.forEach((name, t) -> {
            if (keep.test(name)) {
                out.put(name, t);
            }
        });
        return new TensorDict(out);
    }

    /** The same tensors under new names; two names mapping to one is an error. */
    public TensorDict renamed(UnaryOperator<String> rename) {
        Builder builder = builder();
        tensors.forEach((name, t) -> builder.put(rename.apply(name), t, name));
        return builder.build();
    }

    /** The union with {@code other}; the names must be disjoint. */
    public TensorDict merge(TensorDict other) {
        Builder builder = builder();
        tensors.forEach(builder::put);
        other.tensors.forEach(builder::put);
        return builder.build();
    }

    /** A description of the first difference in names or shapes, or null when the layouts match. */
    private String layoutDifference(TensorDict other) {
        Iterator<Map.Entry<String, HostTensor>> mine = tensors.entrySet().iterator();
        Iterator<Map.Entry<String, HostTensor>> theirs =
                other.tensors.entrySet().iterator();
        while (mine.hasNext() && theirs.hasNext()) {
            Map.Entry<String, HostTensor> a = mine.next();
            Map.Entry<String, HostTensor> b = theirs.next();
            int order = a.getKey().compareTo(b.getKey());
            if (order != 0) {
                String missing = order < 0 ? a.getKey() : b.getKey();
                return "tensor '" + missing + "' is only in " + (order < 0 ? "the first" : "the second");
            }
            if (!Arrays.equals(a.getValue().dims(), b.getValue().dims())) {
                return "tensor '" + a.getKey() + "' has shape "
                        + Arrays.toString(a.getValue().dims()) + " vs "
                        + Arrays.toString(b.getValue().dims());
            }
        }
        if (mine.hasNext()) {
            return "tensor '" + mine.next().getKey() + "' is only in the first";
        }
        if (theirs.hasNext()) {
            return "tensor '" + theirs.next().getKey() + "' is only in the second";
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorDict d && tensors.equals(d.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        List<String> entries = new ArrayList<>();
        tensors.forEach((name, t) -> entries.add(name + Arrays.toString(t.dims())));
        return "TensorDict" + entries;
    }

    /** Collects tensors; a name may be added once. */
    public static final class Builder {
        private final TreeMap<String, HostTensor> tensors = new TreeMap<>();
        private final TreeMap<String, String> sources = new TreeMap<>();

        private Builder() {}

        public Builder put(String name, HostTensor tensor) {
            return put(name, tensor, name);
        }

        public Builder put(String name, float[] data, long... shape) {
            return put(name, new HostTensor(shape, data));
        }

        private Builder put(String name, HostTensor tensor, String source) {
            Objects.requireNonNull(tensor, "tensor");
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("tensor name must not be empty (from '" + source + "')");
            }
            String earlier = sources.putIfAbsent(name, source);
            if (earlier != null) {
                throw new IllegalArgumentException("duplicate tensor name '" + name + "'"
                        + (earlier.equals(name) && source.equals(name)
                                ? ""
                                : " (from '" + earlier + "' and '" + source + "')"));
            }
            tensors.put(name, tensor);
            return this;
        }

        public TensorDict build() {
            return tensors.isEmpty() ? EMPTY : new TensorDict(new TreeMap<>(tensors));
        }
    }
}
