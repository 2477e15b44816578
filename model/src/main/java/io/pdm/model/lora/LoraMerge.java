package io.pdm.model.lora;

import io.pdm.model.tensor.HostTensor;
import io.pdm.model.tensor.TensorDict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One adapter whose weight change is the mean of K adapters' (a "model soup" of LoRA members, Wortsman et al. 2022):
 * for every target module, (1/K) Σ s_k B_k A_k with s_k = alpha_k / r_k is exactly the LoRA product of rank R = Σ r_k
 * with A = [A_1; …; A_K] (R × in) and B = [s_1 B_1 / K, …, s_K B_K / K] (out × R), saved with lora_alpha = R so its own
 * scaling is 1. The modules to save (full copies in each member) are averaged. One forward pass then serves what K
 * would, but it is the prediction of the mean weights, NOT the mean of the members' predictions.
 *
 * <p>LoraConfig refuses rsLoRA, DoRA and per-module patterns on read, so alpha / r is every member's whole scaling.
 * Pure: host tensors in, host tensors out, sums in double.
 */
public final class LoraMerge {
    private static final String LORA_A = ".lora_A.weight";
    private static final String LORA_B = ".lora_B.weight";

    private LoraMerge() {}

    /** {@link #merge(List, List)} with the members named "member 0", "member 1", …. */
    public static PeftAdapter merge(List<PeftAdapter> members) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) names.add("member " + k);
        return merge(names, members);
    }

    /**
     * Merges members of one base: same target modules, modules to save, LoRA modules and tensor shapes (ranks may
     * differ). The merged config is member 0's with r = lora_alpha = Σ r_k.
     *
     * @param names how a refusal names each member (e.g. "member 2 (/path)")
     * @throws IllegalArgumentException naming the first member that differs from member 0, and how
     */
    public static PeftAdapter merge(List<String> names, List<PeftAdapter> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("nothing to merge: no members");
        if (names.size() != members.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + members.size() + " members");
        }
        PeftAdapter first = members.get(0);
        for (int k = 1; k < members.size(); k++) requireCompatible(names.get(0), first, names.get(k), members.get(k));
        int rank = members.stream().mapToInt(m -> m.config().r()).sum();
        double k = members.size();
        TensorDict.Builder merged = TensorDict.builder();
        SortedSet<String> loraModules = first.loraModules();
        for (String module : loraModules) {
            List<HostTensor> as = new ArrayList<>();
            List<HostTensor> bs = new ArrayList<>();
            List<Double> factors = new ArrayList<>();
            for (PeftAdapter m : members) {
                as.add(m.weights().get(module + LORA_A));
                bs.add(m.weights().get(module + LORA_B));
                factors.add(m.config().scaling() / k);
            }
            merged.put(module + LORA_A, stackRows(as));
            merged.put(module + LORA_B, stackColumns(bs, factors));
        }
        for (String name : first.weights().names()) {
            if (!isLoraFactor(name)) {
                merged.put(
                        name,
                        mean(members.stream().map(m -> m.weights().get(name)).toList()));
            }
        }
        LoraConfig c = first.config();
        LoraConfig config = new LoraConfig(
                rank,
                rank,
                c.dropout(),
                c.targetModules(),
                c.modulesToSave(),
                c.baseModelNameOrPath(),
                c.taskType(),
                c.revision(),
                c.extra());
        return new PeftAdapter(config, merged.build());
    }

    private static void requireCompatible(String firstName, PeftAdapter first, String name, PeftAdapter member) {
        String refusal = name + " cannot be merged with " + firstName + ": ";
        if (!Set.copyOf(first.config().targetModules())
                .equals(Set.copyOf(member.config().targetModules()))) {
            throw new IllegalArgumentException(
                    refusal + "target_modules " + member.config().targetModules() + ", not "
                            + first.config().targetModules());
        }
        if (!Set.copyOf(first.config().modulesToSave())
                .equals(Set.copyOf(member.config().modulesToSave()))) {
            throw new IllegalArgumentException(
                    refusal + "modules_to_save " + member.config().modulesToSave() + ", not "
                            + first.config().modulesToSave());
        }
        if (!first.loraModules().equals(member.loraModules())) {
            throw new IllegalArgumentException(
                    refusal + "LoRA on " + member.loraModules() + ", not " + first.loraModules());
        }
        TreeSet<String> saved = new TreeSet<>(first.weights().names());
        TreeSet<String> memberSaved = new TreeSet<>(member.weights().names());
        saved.removeIf(LoraMerge::isLoraFactor);
        memberSaved.removeIf(LoraMerge::isLoraFactor);
        if (!saved.equals(memberSaved)) {
            throw new IllegalArgumentException(refusal + "saved tensors " + memberSaved + ", not " + saved);
        }
        for (String tensor : saved) {
            requireShape(
                    refusal,
                    tensor,
                    first.weights().get(tensor).shape(),
                    member.weights().get(tensor).shape());
        }
        for (String module : first.loraModules()) {
            long[] a = first.weights().get(module + LORA_A).shape();
            long[] b = first.weights().get(module + LORA_B).shape();
            long[] ma = member.weights().get(module + LORA_A).shape();
            long[] mb = member.weights().get(module + LORA_B).shape();
            if (a[1] != ma[1] || b[0] != mb[0]) {
                throw new IllegalArgumentException(
                        refusal + module + " maps " + ma[1] + " → " + mb[0] + ", not " + a[1] + " → " + b[0]);
            }
        }
    }

    private static void requireShape(String refusal, String tensor, long[] expected, long[] actual) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalArgumentException(
                    refusal + tensor + " has shape " + Arrays.toString(actual) + ", not " + Arrays.toString(expected));
        }
    }

    private static boolean isLoraFactor(String name) {
        return name.endsWith(LORA_A) || name.endsWith(LORA_B);
    }

    /** [A_1; …; A_K]: the members' A factors (r_k × in) one below the other. */
    private static HostTensor stackRows(List<HostTensor> as) {
        long in = as.get(0).dim(1);
        long rows = as.stream().mapToLong(a -> a.dim(0)).sum();
        float[] out = new float[Math.toIntExact(rows * in)];
        int offset = 0;
        for (HostTensor a : as) {
            System.arraycopy(a.data(), 0, out, offset, a.numel());
            offset += a.numel();
        }
        return HostTensor.of(out, rows, in);
    }

    /** [f_1 B_1, …, f_K B_K]: the members' B factors (out × r_k) side by side, each scaled by its factor. */
    private static HostTensor stackColumns(List<HostTensor> bs, List<Double> factors) {
        int outDim = Math.toIntExact(bs.get(0).dim(0));
        int cols = Math.toIntExact(bs.stream().mapToLong(b -> b.dim(1)).sum());
        float[] out = new float[outDim * cols];
        int column = 0;
        for (int k = 0; k < bs.size(); k++) {
            float[] b = bs.get(k).data();
            int r = Math.toIntExact(bs.get(k).dim(1));
            double f = factors.get(k);
            for (int i = 0; i < outDim; i++) {
                for (int j = 0; j < r; j++) out[i * cols + column + j] = (float) (f * b[i * r + j]);
            }
            column += r;
        }
        return HostTensor.of(out, outDim, cols);
    }

    private static HostTensor mean(List<HostTensor> tensors) {
        double[] sum = new double[tensors.get(0).numel()];
        for (HostTensor t : tensors) {
            float[] data = t.data();
            for (int i = 0; i < sum.length; i++) sum[i] += data[i];
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < sum.length; i++) out[i] = (float) (sum[i] / tensors.size());
        return HostTensor.of(out, tensors.get(0).shape());
    }
}
